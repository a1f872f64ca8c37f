import { INestApplication } from '@nestjs/common';
import { join } from 'node:path';
import request from 'supertest';

interface Schema {
  properties?: Record<string, { description?: string }>;
}
interface Operation {
  responses: Record<string, { content?: unknown }>;
}

/**
 * The OpenAPI document must describe every route's answer and every field of every schema. It is read
 * from the compiled application (`npm test` builds first): the @nestjs/swagger compiler plugin, which
 * turns DTO comments into the document, runs in the build, not in ts-jest.
 */
describe('OpenAPI document (e2e)', () => {
  let app: INestApplication;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApiApp } = require(join(__dirname, '../../dist/src/app.factory')) as {
      createApiApp: (o: { logs: boolean }) => Promise<INestApplication>;
    };
    app = await createApiApp({ logs: false });
    await app.init();
    doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
  });
  afterAll(async () => app.close());

  it('documents a response body for every successful answer', () => {
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(
          ([, op]) => !Object.entries(op.responses).some(([code, r]) => code.startsWith('2') && r.content),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('describes every field of every schema', () => {
    const undocumented = Object.entries(doc.components.schemas).flatMap(([name, s]) =>
      Object.entries(s.properties ?? {})
        .filter(([, p]) => !p.description)
        .map(([field]) => `${name}.${field}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('covers the core routes', () => {
    for (const path of [
      '/api/v1/billing-runs',
      '/api/v1/billing-runs/{id}',
      '/api/v1/accounts/{id}/charges',
      '/api/v1/meters/{id}/readings',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
