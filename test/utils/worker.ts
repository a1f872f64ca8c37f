import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
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
