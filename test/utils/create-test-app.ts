import { INestApplication } from '@nestjs/common';
import { PrincipalCache } from '../../src/common/auth/principal-cache';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../src/app.factory';
import { Role } from '../../src/common/auth/roles';
import { truncateAll } from './db';

export const BOOTSTRAP_KEY = 'test-bootstrap-admin-key-0123456789';

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** Headers of the bootstrap admin key. */
  admin: Record<string, string>;
  /** Creates a user with the role (once per app) and returns its Authorization header. */
  as(role: Role): Promise<Record<string, string>>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The real API application on the test database (no mocks), with helpers for authentication. */
export async function createTestApp(): Promise<TestApp> {
  const app = await createApiApp({ logs: false });
  await app.init();
  const db = app.get(DataSource);
  const server = app.getHttpServer();
  const tokens = new Map<Role, string>();
  const admin = { 'X-API-Key': BOOTSTRAP_KEY };
  const t: TestApp = {
    app,
    db,
    http: () => request(server),
    admin,
    async as(role: Role) {
      let token = tokens.get(role);
      if (!token) {
        const login = `${role}-${tokens.size}-${Date.now()}`;
        const password = 'correct horse battery staple';
        await request(server)
          .post('/api/v1/users')
          .set(admin)
          .send({ login, fullName: `Test ${role}`, role, password })
          .expect(201);
        const res = await request(server).post('/api/v1/auth/login').send({ login, password }).expect(200);
        token = res.body.accessToken as string;
        tokens.set(role, token);
      }
      return { Authorization: `Bearer ${token}` };
    },
    async reset() {
      tokens.clear();
      app.get(PrincipalCache, { strict: false }).clear();
      await truncateAll(db);
    },
    async close() {
      await app.close();
    },
  };
  return t;
}
