/** Queue names, job names, payloads and job-id builders of billing runs (BullMQ rejects ':' in ids). */
export const BILLING_RUNS_QUEUE = 'billing-runs';
export const BILLING_BUILDINGS_QUEUE = 'billing-buildings';

export const FINALIZE_JOB = 'billing-run.finalize';
export const BUILDING_JOB = 'billing-run.building';
export const SWEEP_JOB = 'billing-run.sweep';
export const SWEEP_SCHEDULER_ID = 'billing-runs-sweeper';

export interface FinalizeJobData {
  runId: string;
}

/** One building's chunk row of a run. */
export interface BatchChunk {
  chunkId: string;
  buildingId: string;
}

/**
 * A batch of buildings (BILLING_BATCH_BUILDINGS of them, one chunk row each) computed in one
 * transaction. Jobs queued before batching carried a single chunkId/buildingId; they still run.
 */
export interface BuildingJobData {
  runId: string;
  chunks?: BatchChunk[];
  /** Single-building form (older jobs). */
  chunkId?: string;
  buildingId?: string;
  period: string;
  /** final writes charge lines; preview writes its own table only. */
  mode: 'final' | 'preview';
  /** Only these accounts (a re-run of set-aside accounts); null = every account of the building. */
  accountIds: string[] | null;
}

export const finalizeJobId = (runId: string): string => `run-${runId}-finalize`;
/** A batch is named by its first building: chunks never move between batches, so the id is stable. */
export const buildingJobId = (runId: string, buildingId: string): string =>
  `run-${runId}-building-${buildingId}`;

export const chunksOf = (d: BuildingJobData): BatchChunk[] =>
  d.chunks ?? (d.chunkId && d.buildingId ? [{ chunkId: d.chunkId, buildingId: d.buildingId }] : []);

export const BILLING_FLOW_PRODUCER = 'billing-flow';

/**
 * BullMQ lock of a batch job (default 30 s, renewed every 15 s). A batch of 20 buildings holds one
 * transaction for several seconds, and on a saturated machine (load average 25, M run of session 3)
 * the renewal missed its window: "could not renew lock" and the batch was redone by another worker
 * (harmless — done chunks are skipped — but wasted). Two minutes leave room for that; a crashed
 * worker's batch is then picked up after at most ~2.5 min (the sweeper re-enqueues stuck chunks after
 * BILLING_STUCK_AFTER_SECONDS anyway).
 */
export const BUILDING_JOB_LOCK_MS = 120_000;

/** A re-enqueued chunk gets a fresh id per attempt count, so a retained old job never swallows it. */
export const sweptBuildingJobId = (runId: string, buildingId: string, attempts: number): string =>
  `run-${runId}-building-${buildingId}-sweep-${attempts}`;
