import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Public } from 'src/common/auth/roles';
import { BILLING_RUNS_QUEUE } from '../billing-runs/jobs/billing-runs.queue';
import { HealthResponse } from './dto/health.dto';

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms).unref()),
  ]);
}

/** Liveness for orchestrators: unauthenticated and reveals nothing but up/down. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @InjectQueue(BILLING_RUNS_QUEUE) private readonly queue: Queue,
  ) {}

  @Public()
  @Get()
  async check(): Promise<HealthResponse> {
    const database = await within(this.db.query('SELECT 1'), 2000).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const queue = await within(this.queue.getJobCounts('waiting'), 2000).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const body: HealthResponse = {
      status: database === 'up' && queue === 'up' ? 'ok' : 'degraded',
      database,
      queue,
    };
    if (body.status !== 'ok')
      throw new ServiceUnavailableException({ code: 'UNHEALTHY', message: JSON.stringify(body) });
    return body;
  }
}
