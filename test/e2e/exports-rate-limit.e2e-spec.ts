import { Role, Scope } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** The per-client export rate limit through HTTP, with EXPORT_RATE_LIMIT_PER_MINUTE=3. */
describe('export rate limit (e2e)', () => {
  let sut: TestApp;
  const saved = process.env.EXPORT_RATE_LIMIT_PER_MINUTE;

  beforeAll(async () => {
    process.env.EXPORT_RATE_LIMIT_PER_MINUTE = '3';
    try {
      sut = await createTestApp();
    } finally {
      // Configuration is read once at start-up: restore at once so other test files see the default.
      if (saved === undefined) delete process.env.EXPORT_RATE_LIMIT_PER_MINUTE;
      else process.env.EXPORT_RATE_LIMIT_PER_MINUTE = saved;
    }
    await sut.reset();
  });
  afterAll(async () => sut.close());

  const newKey = async (): Promise<Record<string, string>> => {
    const res = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: Role.SettlementCentre, scopes: [Scope.ExportsRead] })
      .expect(201);
    return { 'X-API-Key': res.body.key };
  };
  const pages = (headers: Record<string, string>) =>
    sut.http().get('/api/v1/exports/consumption/pages').query({ period: '2026-03' }).set(headers);

  it('answers 429 RATE_LIMITED with Retry-After once a key has used its minute, per key', async () => {
    const key = await newKey();
    for (let i = 0; i < 3; i += 1) await pages(key).expect(200);
    const refused = await pages(key).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // 3 a minute: one token every 20 s.
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(19);
    expect(wait).toBeLessThanOrEqual(20);
    // The manifest and the download share the bucket; another key has its own.
    await sut
      .http()
      .get('/api/v1/exports/consumption/manifest')
      .query({ period: '2026-03' })
      .set(key)
      .expect(429);
    await pages(await newKey()).expect(200);
  });
});
