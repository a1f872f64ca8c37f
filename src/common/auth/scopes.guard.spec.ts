import { Principal, Role, Scope } from './roles';
import { missingScopes } from './scopes.guard';

const key = (role: Role, scopes: string[]): Principal => ({
  kind: 'api_key',
  id: '1',
  name: 'centre',
  role,
  scopes,
});

describe('missingScopes', () => {
  it.each<[string, Principal, Scope[], Scope[]]>([
    ['key with the scope', key(Role.SettlementCentre, ['exports:read']), [Scope.ExportsRead], []],
    [
      'key without it',
      key(Role.SettlementCentre, ['readings:write']),
      [Scope.ExportsRead],
      [Scope.ExportsRead],
    ],
    [
      'key with one of two',
      key(Role.Auditor, ['exports:read']),
      [Scope.ExportsRead, Scope.PiiRead],
      [Scope.PiiRead],
    ],
    ['admin key passes', key(Role.Admin, []), [Scope.ExportsRead], []],
    [
      'staff JWT passes on role alone',
      { kind: 'user', id: '7', name: 'Петрова', role: Role.Supervisor, scopes: [] },
      [Scope.ExportsRead],
      [],
    ],
    [
      'bootstrap key passes',
      { kind: 'bootstrap', id: 'bootstrap', name: 'b', role: Role.Admin, scopes: [] },
      [Scope.ExportsRead],
      [],
    ],
  ])('%s', (_name, principal, required, expected) => {
    expect(missingScopes(principal, required)).toEqual(expected);
  });
});
