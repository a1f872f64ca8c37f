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

/** A re-enqueued chunk gets a fresh id per attempt count, so a retained old job never swallows it. */
export const sweptBuildingJobId = (runId: string, buildingId: string, attempts: number): string =>
  `run-${runId}-building-${buildingId}-sweep-${attempts}`;
