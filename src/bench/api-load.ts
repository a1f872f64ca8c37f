import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { callApi } from '../demo/processes';

export interface ApiLoad {
  rate: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

/**
 * The API under load (issue 8): a specialist's balance read (the account ledger), a reading submission
 * (a resubmission, answered idempotently) and a payment post (a fresh Idempotency-Key each), mixed in
 * equal parts at a fixed overall rate, for a bounded time, against an API process of its own (as in
 * production) on loopback — the load generator stays in this process.
 */
export async function measureApiLoad(db: DataSource, rate = 300, seconds = 10): Promise<ApiLoad> {
  const port = await freePort();
  const api = fork(join(__dirname, '..', 'main.js'), [], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base);
    return await load(base, db, rate, seconds);
  } finally {
    await new Promise<void>((resolve) => {
      api.once('exit', () => resolve());
      api.kill('SIGTERM');
    });
  }
}

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API process did not become healthy');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function load(base: string, db: DataSource, rate: number, seconds: number): Promise<ApiLoad> {
  const admin = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
  const login = `bench-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await callApi(base, 'POST', '/api/v1/users', admin, {
    login,
    fullName: 'Bench',
    role: 'specialist',
    password,
  });
  const { accessToken } = await callApi(base, 'POST', '/api/v1/auth/login', {}, { login, password });
  const targets: { account_id: string; meter_id: string; taken_on: string; value: string }[] = await db.query(
    `SELECT a.id AS account_id, m.id AS meter_id, r.taken_on, r.value::text AS value
       FROM accounts a JOIN meters m ON m.premises_id = a.premises_id AND m.service_code = 'cold_water'
       JOIN LATERAL (SELECT taken_on, value FROM meter_readings WHERE meter_id = m.id ORDER BY taken_on DESC LIMIT 1) r ON true
      ORDER BY a.id LIMIT 1000`,
  );
  const pick = () => targets[Math.floor(Math.random() * targets.length)];
  const headers = { authorization: `Bearer ${accessToken as string}`, 'content-type': 'application/json' };
  const result = await autocannon({
    url: base,
    connections: 32,
    duration: seconds,
    overallRate: rate,
    headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/accounts/${pick().account_id}/ledger?from=2026-10&to=2026-10`,
        }),
      },
      {
        method: 'POST',
        setupRequest: (r) => {
          const t = pick();
          return {
            ...r,
            path: `/api/v1/meters/${t.meter_id}/readings`,
            body: JSON.stringify({ values: { T1: t.value }, takenOn: t.taken_on, channel: 'subscriber' }),
          };
        },
      },
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/payments',
          headers: { ...headers, 'idempotency-key': randomBytes(12).toString('hex') },
          body: JSON.stringify({
            accountId: pick().account_id,
            amount: '100.00',
            paidOn: '2026-11-05',
            channel: 'online',
          }),
        }),
      },
    ],
  });
  return {
    rate,
    seconds,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}
