/** Queue names, job names, payloads and job-id builders of the nightly penalty job (no ':' in ids). */
export const PENALTY_RUNS_QUEUE = 'penalty-runs';
export const PENALTY_CHUNKS_QUEUE = 'penalty-chunks';

/** Fired by the job scheduler: starts (or resumes) the run of the day in the billing time zone. */
export const NIGHTLY_JOB = 'penalty-run.nightly';
export const NIGHTLY_SCHEDULER_ID = 'penalty-nightly';
/** Accrues one chunk of accounts of a run. */
export const CHUNK_JOB = 'penalty-run.chunk';

export interface ChunkJobData {
  /** Calculation date of the run, YYYY-MM-DD. */
  runDate: string;
  chunkNo: number;
}

/**
 * One id per chunk of a date; a chunk queued again after failed attempts gets the attempt count in
 * its id, so a retained old job never swallows it.
 */
export const chunkJobId = (runDate: string, chunkNo: number, attempts = 0): string =>
  attempts === 0
    ? `penalty-${runDate}-chunk-${chunkNo}`
    : `penalty-${runDate}-chunk-${chunkNo}-retry-${attempts}`;
