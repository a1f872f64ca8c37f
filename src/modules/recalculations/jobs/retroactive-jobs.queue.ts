/** Queue, job name, payload and job id of retroactive recalculation jobs (no ':' in ids). */
export const RETROACTIVE_JOBS_QUEUE = 'retroactive-recalculations';
export const RETROACTIVE_JOB = 'retroactive-recalculation.run';

/** Periods one job may recompute: the 3-year limitation period. */
export const JOB_MAX_PERIODS = 36;

export interface RetroactiveJobData {
  jobId: string;
}

/** One queue id per job row: a job already queued or running is not added twice. */
export const retroactiveQueueId = (jobId: string): string => `retroactive-${jobId}`;
