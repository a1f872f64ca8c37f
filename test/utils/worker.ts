import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Role } from '../../src/common/auth/roles';
import { WorkerModule } from '../../src/worker.module';
import { TestApp } from './create-test-app';

/** The real worker module (BullMQ processors) in this process, on the same database and queue. */
export async function startTestWorker(): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await ctx.init();
  return ctx;
}

const FINAL = new Set(['completed', 'completed_with_errors', 'failed']);

/** Polls the run through the API until it reaches a final status. */
export async function waitForRun(
  sut: TestApp,
  runId: string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await sut.http().get(`/api/v1/billing-runs/${runId}`).set(headers).expect(200);
    if (FINAL.has(res.body.status)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Bills `period` through the API as a specialist and waits for the run's final status (the run's body). */
export async function billThroughApi(sut: TestApp, period: string): Promise<Record<string, unknown>> {
  const headers = await sut.as(Role.Specialist);
  const created = await sut.http().post('/api/v1/billing-runs').set(headers).send({ period }).expect(202);
  return waitForRun(sut, created.body.id, headers);
}
