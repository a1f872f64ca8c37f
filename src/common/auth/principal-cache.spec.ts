import { AppConfig } from 'src/config/configuration';
import { PrincipalCache } from './principal-cache';
import { Principal, Role } from './roles';

const cacheWith = (ms: number) => new PrincipalCache({ auth: { principalCacheMs: ms } } as AppConfig);
const user = (id: string): Principal => ({
  kind: 'user',
  id,
  name: `U${id}`,
  role: Role.Specialist,
  scopes: [],
});

describe('PrincipalCache', () => {
  it('keeps a principal for the TTL and not a millisecond longer', () => {
    const c = cacheWith(2000);
    c.set('t:a', user('1'), Infinity, 1000);
    expect(c.get('t:a', 2999)).toEqual(user('1'));
    expect(c.get('t:a', 3000)).toBeUndefined();
  });

  it('never keeps a token past its own expiry', () => {
    const c = cacheWith(2000);
    c.set('t:a', user('1'), 1500, 1000);
    expect(c.get('t:a', 1499)).toEqual(user('1'));
    expect(c.get('t:a', 1500)).toBeUndefined();
  });

  it('evicts every entry of one user or key and keeps the others', () => {
    const c = cacheWith(2000);
    c.set('t:a', user('1'), Infinity, 0);
    c.set('t:b', user('1'), Infinity, 0);
    c.set('t:c', user('2'), Infinity, 0);
    c.set('k:d', { ...user('1'), kind: 'api_key' }, Infinity, 0);
    c.evict('user', '1');
    expect([c.get('t:a', 1), c.get('t:b', 1)]).toEqual([undefined, undefined]);
    expect(c.get('t:c', 1)).toEqual(user('2'));
    expect(c.get('k:d', 1)?.kind).toBe('api_key');
  });

  it('stores nothing when the TTL is 0', () => {
    const c = cacheWith(0);
    c.set('t:a', user('1'), Infinity, 0);
    expect(c.get('t:a', 0)).toBeUndefined();
  });

  it('drops the oldest entry beyond its bound', () => {
    const c = cacheWith(2000);
    for (let i = 0; i <= PrincipalCache.MAX_ENTRIES; i += 1) c.set(`t:${i}`, user(String(i)), Infinity, 0);
    expect(c.get('t:0', 1)).toBeUndefined();
    expect(c.get(`t:${PrincipalCache.MAX_ENTRIES}`, 1)?.id).toBe(String(PrincipalCache.MAX_ENTRIES));
  });
});
