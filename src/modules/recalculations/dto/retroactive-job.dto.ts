import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[a-z][a-z0-9_]{1,40}$/;

export class CreateRetroactiveJobDto {
  /**
   * The rule revision applied (e.g. "РЭК-2026-17 maintenance 33.00 from 2026-02"): the idempotency key.
   * The same revision again returns the same job (resuming its failed buildings), never a second one.
   */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  revision!: string;

  /** Buildings recomputed (1 to 1000 ids). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsIdString({ each: true })
  buildingIds!: string[];

  /** First period recomputed, YYYY-MM. */
  @Matches(PERIOD, { message: 'fromPeriod must be YYYY-MM' })
  fromPeriod!: string;

  /** Last period recomputed, YYYY-MM (at most 36 periods). */
  @Matches(PERIOD, { message: 'toPeriod must be YYYY-MM' })
  toPeriod!: string;

  /** Why (e.g. the tariff decision of the regional commission and its date). */
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  /** Only these services (default: every service of the buildings). */
  @IsOptional()
  @IsArray()
  @Matches(CODE, { each: true, message: 'serviceCodes must be service codes' })
  serviceCodes?: string[];

  /** Open period to post into, YYYY-MM (default: the earliest open period from toPeriod on). */
  @IsOptional()
  @Matches(PERIOD, { message: 'postingPeriod must be YYYY-MM' })
  postingPeriod?: string;
}

export class RetroactiveJobBuildingDto {
  /** Building id. */
  buildingId!: string;
  /** pending, done or failed. */
  status!: string;
  /** Documents posted for the building. */
  documents!: number;
  /** Σ of the building's delta lines, decimal string. */
  amount!: string;
  /** Cells the recomputation could not bill (no tariff, no norm …): left as billed, listed. */
  skipped!: number;
  /** Why the building failed (null unless failed). */
  error!: string | null;
  /** Attempts made. */
  attempts!: number;
}

export class RetroactiveJobProgressDto {
  /** Buildings in the job. */
  buildingsTotal!: number;
  /** Buildings recomputed and posted. */
  buildingsDone!: number;
  /** Buildings that failed (posting again with the same revision retries them). */
  buildingsFailed!: number;
}

export class RetroactiveJobDto {
  /** Job id. */
  id!: string;
  /** The rule revision applied (unique). */
  revision!: string;
  /** First period recomputed, YYYY-MM. */
  fromPeriod!: string;
  /** Last period recomputed, YYYY-MM. */
  toPeriod!: string;
  /** Services recomputed (null: all). */
  serviceCodes!: string[] | null;
  /** Requested posting period, YYYY-MM (null: the earliest open one). */
  postingPeriod!: string | null;
  /** Reason written on every document. */
  reason!: string;
  /** queued, running, completed or completed_with_errors. */
  status!: string;
  /** Buildings done and failed of the total. */
  @Type(() => RetroactiveJobProgressDto)
  progress!: RetroactiveJobProgressDto;
  /** Documents posted so far. */
  documents!: number;
  /** Σ of the posted delta lines so far, decimal string. */
  amount!: string;
  /** Who asked for it. */
  requestedBy!: string;
  /** When it was asked for (ISO instant). */
  createdAt!: string;
  /** When the worker first took it (ISO instant, null until then). */
  startedAt!: string | null;
  /** When the last building settled (ISO instant, null while buildings are pending). */
  finishedAt!: string | null;
  /** Per building. */
  @Type(() => RetroactiveJobBuildingDto)
  buildings!: RetroactiveJobBuildingDto[];
}
