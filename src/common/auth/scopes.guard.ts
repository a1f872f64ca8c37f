import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../errors/domain-error';
import { AuthedRequest } from './principal.decorator';
import { Principal, Role, Scope } from './roles';

export const SCOPES_KEY = 'abonent:scopes';

/**
 * Scopes an API key must carry on a route (all of them). Staff signed in with a JWT pass on their role
 * alone; an admin key and the bootstrap key pass too. Apply `ScopesGuard` with it (`@UseGuards`):
 * controller guards run after the global AuthGuard, which sets the principal.
 */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);

/** The scopes of `required` the principal lacks (empty when it may go on). */
export function missingScopes(principal: Principal, required: Scope[]): Scope[] {
  if (principal.kind !== 'api_key' || principal.role === Role.Admin) return [];
  return required.filter((s) => !principal.scopes.includes(s));
}

/** Refuses an API key without the route's scopes: 403 MISSING_SCOPE listing what is missing. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Scope[]>(SCOPES_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!required?.length) return true;
    const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
    if (!principal) throw new Error('ScopesGuard runs after AuthGuard');
    const missing = missingScopes(principal, required);
    if (missing.length) {
      throw new DomainError(
        'forbidden',
        'MISSING_SCOPE',
        `This API key lacks the scope ${missing.join(', ')}`,
        { required, missing },
      );
    }
    return true;
  }
}
