import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumberString,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * The only place that reads process.env. Every variable is validated at start-up; a bad one stops
 * the process with a message listing all of them (not just the first).
 */
const NUMERIC_DEFAULTS: Record<string, number> = {};
/** Records the default of a numeric variable; the value is converted before validation. */
function DefaultNumber(value: number): PropertyDecorator {
  return (_target, key) => {
    NUMERIC_DEFAULTS[String(key)] = value;
  };
}

function withNumericDefaults(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...env };
  for (const [key, def] of Object.entries(NUMERIC_DEFAULTS)) {
    const raw = env[key];
    out[key] = raw === undefined || raw === '' ? def : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

class EnvironmentVariables {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsIn(['redis', 'postgres'])
  QUEUE_BACKEND?: 'redis' | 'postgres';

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_{}-]+$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ - { }' })
  QUEUE_PREFIX?: string;

  @DefaultNumber(3000)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsOptional()
  @IsString()
  BILLING_TIMEZONE?: string;

  @DefaultNumber(2)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY!: number;

  @DefaultNumber(1)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES!: number;

  @DefaultNumber(10)
  @IsInt()
  @Min(0)
  @Max(19)
  WORKER_NICE!: number;

  @DefaultNumber(0)
  @IsInt()
  @Min(0)
  @Max(60000)
  BATCH_YIELD_SLOW_MS!: number;

  @DefaultNumber(3)
  @IsInt()
  @Min(1)
  @Max(20)
  BILLING_CHUNK_ATTEMPTS!: number;

  @DefaultNumber(20)
  @IsInt()
  @Min(1)
  @Max(200)
  BILLING_BATCH_BUILDINGS!: number;

  @DefaultNumber(300)
  @IsInt()
  @Min(10)
  BILLING_STUCK_AFTER_SECONDS!: number;

  @DefaultNumber(60)
  @IsInt()
  @Min(0)
  BILLING_SWEEP_EVERY_SECONDS!: number;

  @DefaultNumber(25)
  @IsInt()
  @Min(1)
  @Max(28)
  READING_CUTOFF_DAY!: number;

  @IsOptional()
  @IsNumberString({}, { message: 'READING_SUSPECT_FACTOR must be a decimal number' })
  READING_SUSPECT_FACTOR?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  @DefaultNumber(3600)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS!: number;

  @DefaultNumber(2000)
  @IsInt()
  @Min(0)
  AUTH_PRINCIPAL_CACHE_MS!: number;

  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'BOOTSTRAP_ADMIN_API_KEY must be at least 24 characters' })
  BOOTSTRAP_ADMIN_API_KEY?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @DefaultNumber(10)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE!: number;

  @DefaultNumber(120)
  @IsInt()
  @Min(1)
  @Max(100000)
  EXPORT_RATE_LIMIT_PER_MINUTE!: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'ALLOCATION_SKIP_LIMITATION must be true or false' })
  ALLOCATION_SKIP_LIMITATION?: string;

  @IsOptional()
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, {
    message: 'MANUAL_RECALC_APPROVAL_THRESHOLD must be an amount such as 1000.00',
  })
  MANUAL_RECALC_APPROVAL_THRESHOLD?: string;

  @IsOptional()
  @Matches(/^(off|(\S+\s+){4,5}\S+)$/, {
    message: 'PENALTY_NIGHTLY_CRON must be a cron pattern (5 or 6 fields) or off',
  })
  PENALTY_NIGHTLY_CRON?: string;

  @DefaultNumber(5000)
  @IsInt()
  @Min(1)
  @Max(100000)
  PENALTY_CHUNK_SIZE!: number;

  @DefaultNumber(5000)
  @IsInt()
  @Min(1)
  @Max(10000000)
  READINGS_IMPORT_ASYNC_LINES!: number;
  @DefaultNumber(50)
  @IsInt()
  @Min(1)
  @Max(1000)
  DOCUMENTS_CHUNK_SIZE!: number;

  @DefaultNumber(4)
  @IsInt()
  @Min(1)
  @Max(64)
  DOCUMENTS_WORKER_CONCURRENCY!: number;

  @DefaultNumber(2)
  @IsInt()
  @Min(0)
  @Max(16)
  DOCUMENTS_RENDER_THREADS!: number;
}

export interface AppConfig {
  port: number;
  /** API processes sharing the port (node:cluster); 1 = the process itself serves. */
  apiProcesses: number;
  /**
   * Batch work yields the CPU to interactive requests: the nice value (0–19) a worker process gives
   * its own threads and, best-effort, its sessions' backends on a local PostgreSQL (0 = unchanged).
   */
  worker: { nice: number };
  /**
   * Billing batches pause while more than 1 % of the API's requests of the last second took longer
   * than `slowMs` (0 = never; needs Redis). See src/common/priority/api-pressure.ts.
   */
  batchYield: { slowMs: number };
  logLevel: string;
  database: { url: string; poolSize: number };
  queue: { backend: 'redis' | 'postgres'; redisUrl?: string; prefix: string };
  billing: {
    timezone: string;
    workerConcurrency: number;
    chunkAttempts: number;
    /** Buildings computed by one job in one transaction (one chunk row each, one load and one write per batch). */
    batchBuildings: number;
    /** A chunk pending or running longer than this is re-enqueued by the sweeper. */
    stuckAfterSeconds: number;
    /** Period of the sweeper job; 0 turns the schedule off (tests call the sweeper directly). */
    sweepEverySeconds: number;
    readingCutoffDay: number;
    suspectFactor: string;
  };
  auth: { jwtSecret: string; jwtTtlSeconds: number; bootstrapAdminApiKey?: string; principalCacheMs: number };
  /** Export requests allowed per principal and minute (token bucket; Redis when configured, else PostgreSQL). */
  exports: { rateLimitPerMinute: number };
  /** Payment allocation: skip periods past the 3-year limitation when a payment names no period. */
  payments: { skipTimeBarredPeriods: boolean };
  /** Manual recalculations above this absolute amount (roubles) need a second user's approval. */
  recalculations: { manualApprovalThreshold: string };
  /** Nightly penalty accrual: cron in billing.timezone (null = no schedule; tests run it directly), accounts per job. */
  penalties: { nightlyCron: string | null; chunkSize: number };
  /** Readings CSV import: files with more data lines than asyncLines run as a BullMQ job (202 + progress). */
  readingImports: { asyncLines: number };
  /** Payment documents: accounts per batch job, chunk jobs at once per worker process, and PDF render threads per process (0 = render inline). */
  documents: { chunkSize: number; workerConcurrency: number; renderThreads: number };
}

export class ConfigValidationError extends Error {}

/** Validates the environment and builds the typed configuration; throws listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(EnvironmentVariables, withNumericDefaults(env));
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (!parsed.DATABASE_URL) problems.push('DATABASE_URL: required (postgres://user:pass@host:port/db)');
  const backend = parsed.QUEUE_BACKEND ?? (parsed.REDIS_URL ? 'redis' : 'postgres');
  if (backend === 'redis' && !parsed.REDIS_URL) problems.push('REDIS_URL: required when QUEUE_BACKEND=redis');
  if (problems.length) {
    throw new ConfigValidationError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    port: parsed.PORT,
    apiProcesses: parsed.API_PROCESSES,
    worker: { nice: parsed.WORKER_NICE },
    batchYield: { slowMs: parsed.BATCH_YIELD_SLOW_MS },
    logLevel: parsed.LOG_LEVEL ?? 'info',
    database: { url: parsed.DATABASE_URL!, poolSize: parsed.DATABASE_POOL_SIZE },
    queue: { backend, redisUrl: parsed.REDIS_URL, prefix: parsed.QUEUE_PREFIX ?? 'abonent' },
    billing: {
      timezone: parsed.BILLING_TIMEZONE ?? 'Europe/Moscow',
      workerConcurrency: parsed.WORKER_CONCURRENCY,
      chunkAttempts: parsed.BILLING_CHUNK_ATTEMPTS,
      batchBuildings: parsed.BILLING_BATCH_BUILDINGS,
      stuckAfterSeconds: parsed.BILLING_STUCK_AFTER_SECONDS,
      sweepEverySeconds: parsed.BILLING_SWEEP_EVERY_SECONDS,
      readingCutoffDay: parsed.READING_CUTOFF_DAY,
      suspectFactor: parsed.READING_SUSPECT_FACTOR ?? '3',
    },
    auth: {
      // A random per-process secret when none is configured: tokens then die with the process,
      // which is right for the demo and tests; production sets JWT_SECRET.
      jwtSecret: parsed.JWT_SECRET ?? randomSecret(),
      jwtTtlSeconds: parsed.JWT_TTL_SECONDS,
      bootstrapAdminApiKey: parsed.BOOTSTRAP_ADMIN_API_KEY,
      principalCacheMs: parsed.AUTH_PRINCIPAL_CACHE_MS,
    },
    exports: { rateLimitPerMinute: parsed.EXPORT_RATE_LIMIT_PER_MINUTE },
    payments: { skipTimeBarredPeriods: parsed.ALLOCATION_SKIP_LIMITATION === 'true' },
    recalculations: { manualApprovalThreshold: parsed.MANUAL_RECALC_APPROVAL_THRESHOLD ?? '1000.00' },
    penalties: {
      nightlyCron:
        parsed.PENALTY_NIGHTLY_CRON === 'off' ? null : (parsed.PENALTY_NIGHTLY_CRON ?? '0 2 * * *'),
      chunkSize: parsed.PENALTY_CHUNK_SIZE,
    },
    readingImports: { asyncLines: parsed.READINGS_IMPORT_ASYNC_LINES },
    documents: {
      chunkSize: parsed.DOCUMENTS_CHUNK_SIZE,
      workerConcurrency: parsed.DOCUMENTS_WORKER_CONCURRENCY,
      renderThreads: parsed.DOCUMENTS_RENDER_THREADS,
    },
  };
}

const PROCESS_SECRET = randomBytes(32).toString('hex');
function randomSecret(): string {
  return PROCESS_SECRET;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
