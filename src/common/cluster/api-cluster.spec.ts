import cluster from 'node:cluster';
import { AppConfig, loadConfig } from 'src/config/configuration';
import { PrincipalCache } from '../auth/principal-cache';
import { Principal, Role } from '../auth/roles';
import { isPrincipalEvict, workerEnv } from './api-cluster';

describe('API_PROCESSES', () => {
  const base = { DATABASE_URL: 'postgres://u@h/db' };

  it('is 1 by default, the number given otherwise, and refused outside 1..64 or not a whole number', () => {
    expect(loadConfig(base).apiProcesses).toBe(1);
    expect(loadConfig({ ...base, API_PROCESSES: '2' }).apiProcesses).toBe(2);
    expect(loadConfig({ ...base, API_PROCESSES: '64' }).apiProcesses).toBe(64);
    for (const bad of ['0', '65', 'two', '1.5', '-1']) {
      expect(() => loadConfig({ ...base, API_PROCESSES: bad })).toThrow(/API_PROCESSES:/);
    }
  });

  it('gives the processes of a cluster one shared JWT secret when none is configured', () => {
    expect(workerEnv({ PORT: '80' }, 'shared-secret-0123456789')).toEqual({
      PORT: '80',
      JWT_SECRET: 'shared-secret-0123456789',
    });
    expect(workerEnv({ JWT_SECRET: 'configured-secret-1234' }, 'other')).toEqual({
      JWT_SECRET: 'configured-secret-1234',
    });
    const a = workerEnv({});
    expect(a.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recognises only eviction messages', () => {
    expect(isPrincipalEvict({ principalEvict: { kind: 'user', id: '7' } })).toBe(true);
    expect(isPrincipalEvict({ probe: 'read' })).toBe(false);
    expect(isPrincipalEvict({ principalEvict: { kind: 'user' } })).toBe(false);
    expect(isPrincipalEvict(null)).toBe(false);
  });

  describe('in an API process of a cluster', () => {
    const user = (id: string): Principal => ({
      kind: 'user',
      id,
      name: `U${id}`,
      role: Role.Specialist,
      scopes: [],
    });
    const send = jest.fn();
    let listeners: NodeJS.MessageListener[];
    beforeEach(() => {
      jest.replaceProperty(cluster, 'isWorker', true);
      process.send = send;
      send.mockClear();
      listeners = process.listeners('message');
    });
    afterEach(() => {
      jest.restoreAllMocks();
      delete process.send;
      for (const l of process.listeners('message')) if (!listeners.includes(l)) process.off('message', l);
    });
    const cache = () => new PrincipalCache({ auth: { principalCacheMs: 2000 } } as AppConfig);

    it('tells the other processes of an eviction', () => {
      const c = cache();
      c.set('t:a', user('1'));
      c.evict('user', '1');
      expect(c.get('t:a')).toBeUndefined();
      expect(send).toHaveBeenCalledWith({ principalEvict: { kind: 'user', id: '1' } });
    });

    it('evicts what another process evicted, and nothing else, without sending it on', () => {
      const c = cache();
      c.set('t:a', user('1'));
      c.set('t:b', user('2'));
      process.emit('message', { principalEvict: { kind: 'user', id: '1' } }, undefined);
      process.emit('message', { probe: 'read' }, undefined);
      expect(c.get('t:a')).toBeUndefined();
      expect(c.get('t:b')).toEqual(user('2'));
      expect(send).not.toHaveBeenCalled();
    });
  });
});
