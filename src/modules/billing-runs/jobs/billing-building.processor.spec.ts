import 'reflect-metadata';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { BillingBuildingProcessor } from './billing-building.processor';
import { BUILDING_JOB_LOCK_MS } from './billing-runs.queue';

describe('BillingBuildingProcessor worker options', () => {
  it('holds a batch job lock for two minutes (BullMQ default 30 s lost batches under load)', () => {
    expect(BUILDING_JOB_LOCK_MS).toBe(120_000);
    expect(Reflect.getMetadata(WORKER_METADATA, BillingBuildingProcessor)).toEqual({ lockDuration: 120_000 });
  });
});
