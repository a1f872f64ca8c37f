import { SetMetadata } from '@nestjs/common';

export enum Role {
  Admin = 'admin',
  Supervisor = 'supervisor',
  Specialist = 'specialist',
  SettlementCentre = 'settlement_centre',
  Auditor = 'auditor',
}

export const ALL_ROLES = Object.values(Role);

/** Scopes an API key can carry (machine clients). */
export enum Scope {
  ExportsRead = 'exports:read',
  ReadingsWrite = 'readings:write',
  PaymentsWrite = 'payments:write',
  PiiRead = 'pii:read',
}

export interface Principal {
  kind: 'user' | 'api_key' | 'bootstrap';
  id: string;
  name: string;
  role: Role;
  scopes: string[];
}

export const ROLES_KEY = 'abonent:roles';
export const PUBLIC_KEY = 'abonent:public';

/** Roles allowed on a route (admin is always allowed). A route without @Roles is admin-only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Routes open without credentials (health only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Staff who read and change the registry and billing. */
export const STAFF: Role[] = [Role.Supervisor, Role.Specialist];
/** Everyone who may read billing data. */
export const READERS: Role[] = [Role.Supervisor, Role.Specialist, Role.Auditor];

/**
 * Personal data (holder names) is shown to staff roles and to machine clients holding pii:read;
 * the settlement centre sees identifiers only (152-FZ: access limited to those who need it).
 */
export function canSeePersonalData(p: Principal): boolean {
  if ([Role.Admin, Role.Supervisor, Role.Specialist, Role.Auditor].includes(p.role)) return true;
  return p.scopes.includes(Scope.PiiRead);
}
