import { PrincipalCache } from '../../src/common/auth/principal-cache';
import { Role } from '../../src/common/auth/roles';
import { BOOTSTRAP_KEY, createTestApp, TestApp } from '../utils/create-test-app';

describe('authentication, roles and audit (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('answers /health without credentials', async () => {
    const res = await sut.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', queue: 'up' });
  });

  it('refuses a request without credentials with 401 UNAUTHENTICATED', async () => {
    const res = await sut.http().get('/api/v1/users').expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: 'Valid credentials are required',
    });
  });

  it('refuses a wrong API key and a forged token', async () => {
    await sut.http().get('/api/v1/users').set('X-API-Key', 'nope-nope-nope').expect(401);
    await sut.http().get('/api/v1/users').set('Authorization', 'Bearer abc.def.ghi').expect(401);
  });

  it('lets the bootstrap key create a user who then logs in', async () => {
    await sut
      .http()
      .post('/api/v1/users')
      .set('X-API-Key', BOOTSTRAP_KEY)
      .send({
        login: 'ivanova',
        fullName: 'Иванова А. П.',
        role: 'specialist',
        password: 'long enough password',
      })
      .expect(201);
    const bad = await sut
      .http()
      .post('/api/v1/auth/login')
      .send({ login: 'ivanova', password: 'wrong password!!' })
      .expect(400);
    expect(bad.body.code).toBe('INVALID_CREDENTIALS');
    const ok = await sut
      .http()
      .post('/api/v1/auth/login')
      .send({ login: 'ivanova', password: 'long enough password' })
      .expect(200);
    expect(ok.body.role).toBe('specialist');
    expect(typeof ok.body.accessToken).toBe('string');
  });

  it('keeps admin-only routes from other roles (403 FORBIDDEN_ROLE)', async () => {
    const res = await sut
      .http()
      .get('/api/v1/users')
      .set(await sut.as(Role.Specialist))
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('validates input with the field at fault and refuses unknown fields', async () => {
    const res = await sut
      .http()
      .post('/api/v1/users')
      .set(sut.admin)
      .send({ login: 'x', fullName: 'X', role: 'boss', password: 'short', extra: 1 })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'extra',
      'login',
      'password',
      'role',
    ]);
  });

  it('issues an API key once, stores only its hash, and revokes it', async () => {
    const created = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: 'settlement_centre', scopes: ['exports:read'] })
      .expect(201);
    const key = created.body.key as string;
    const [row] = await sut.db.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(row.key_hash).not.toContain(key);
    await sut.http().get('/api/v1/users').set('X-API-Key', key).expect(403);
    await sut.http().delete(`/api/v1/api-keys/${created.body.id}`).set(sut.admin).expect(200);
    await sut.http().get('/api/v1/users').set('X-API-Key', key).expect(401);
  });

  it('deactivating a user revokes its token at once', async () => {
    const headers = await sut.as(Role.Auditor);
    await sut.http().get('/api/v1/audit-log').set(headers).expect(200);
    const [user] = await sut.db.query(`SELECT id::text AS id FROM users WHERE role = 'auditor'`);
    await sut.http().post(`/api/v1/users/${user.id}/deactivate`).set(sut.admin).expect(200);
    await sut.http().get('/api/v1/audit-log').set(headers).expect(401);
  });

  it('a user deactivated by plain SQL loses access once the principal cache entry ends', async () => {
    const headers = await sut.as(Role.Auditor);
    await sut.http().get('/api/v1/audit-log').set(headers).expect(200);
    await sut.db.query(`UPDATE users SET active = false`);
    sut.app.get(PrincipalCache).clear(); // what AUTH_PRINCIPAL_CACHE_MS does by itself
    await sut.http().get('/api/v1/audit-log').set(headers).expect(401);
  });

  it('writes an audit record for every change, refused ones included, without secrets', async () => {
    await sut
      .http()
      .post('/api/v1/users')
      .set(sut.admin)
      .send({ login: 'petrov', fullName: 'Петров', role: 'auditor', password: 'long enough password' })
      .expect(201);
    await sut
      .http()
      .post('/api/v1/users')
      .set(sut.admin)
      .send({ login: 'petrov', fullName: 'Петров', role: 'auditor', password: 'long enough password' })
      .expect(409);
    const rows = await sut.db.query(`SELECT actor_name, action, entity, details FROM audit_log ORDER BY id`);
    expect(rows.map((r: { details: { outcome: string } }) => r.details.outcome)).toEqual([
      'ok',
      'USER_LOGIN_TAKEN',
    ]);
    expect(rows[0]).toMatchObject({
      actor_name: 'bootstrap-admin',
      action: 'POST /api/v1/users',
      entity: 'users',
    });
    expect(JSON.stringify(rows)).not.toContain('long enough password');
    expect(rows[0].details.fields).not.toContain('password');
  });
});
