import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { ReadingImportJobsService } from './reading-import-jobs.service';
import { READING_IMPORTS_QUEUE, ReadingImportJobData } from './reading-import-jobs.queue';

/**
 * Runs a queued readings import. Errors are rethrown so BullMQ retries (the lines already stored
 * come back "unchanged", nothing doubles); the last attempt marks the job failed.
 */
@Processor(READING_IMPORTS_QUEUE)
export class ReadingImportProcessor extends WorkerHost {
  private readonly logger = new Logger(ReadingImportProcessor.name);

  constructor(private readonly jobs: ReadingImportJobsService) {
    super();
  }

  async process(job: Job<ReadingImportJobData>): Promise<{ ran: boolean }> {
    try {
      return { ran: await this.jobs.runJob(job.data.jobId) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(`reading import ${job.data.jobId} attempt ${job.attemptsMade + 1} failed: ${message}`);
      await this.jobs.fail(job.data.jobId, message, final);
      throw e;
    }
  }
}
