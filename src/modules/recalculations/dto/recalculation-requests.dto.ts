import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { IsIdString } from 'src/common/http/id-string';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[a-z][a-z0-9_]{1,40}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Fields every document request may carry. */
class PostingRequest {
  /** Open period to post into, YYYY-MM (default: the earliest open period from the last corrected one on). */
  @IsOptional()
  @Matches(PERIOD, { message: 'postingPeriod must be YYYY-MM' })
  postingPeriod?: string;
}

export class CreateManualRecalculationDto extends PostingRequest {
  /** Account id. */
  @IsIdString()
  accountId!: string;

  /** Service code corrected (cold_water, maintenance …). */
  @Matches(CODE, { message: 'serviceCode must be a service code' })
  serviceCode!: string;

  /** Period corrected, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;

  /** Signed amount in roubles ("-250.00" credits, "120.50" charges); not zero. */
  @IsDecimalString({ scale: 2, precision: 14, signed: true })
  @Matches(/[1-9]/, { message: 'amount must not be zero' })
  amount!: string;

  /** Why the correction is made (mandatory, kept on the document). */
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  /** Reason code (default manual_correction). */
  @IsOptional()
  @Matches(CODE, { message: 'reasonCode must be a code in snake_case' })
  reasonCode?: string;
}

export class DecideRecalculationDto {
  /** Why it is approved or rejected (mandatory on rejection). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RejectRecalculationDto {
  /** Why it is rejected (mandatory). */
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}

export class CreateAbsenceRecalculationDto extends PostingRequest {
  /** Account id. */
  @IsIdString()
  accountId!: string;

  /** Day of departure, YYYY-MM-DD (not counted). */
  @IsCalendarDate()
  from!: string;

  /** Day of return, YYYY-MM-DD (not counted). */
  @IsCalendarDate()
  to!: string;

  /** Number of residents absent. */
  @IsInt()
  @Min(1)
  @Max(99)
  persons!: number;

  /** Supporting documents (tickets, certificate of a business trip, hospital …). */
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  evidence!: string;

  /** Day the application was received, YYYY-MM-DD. */
  @IsCalendarDate()
  appliedOn!: string;
}

export class CreateQualityRecalculationDto extends PostingRequest {
  /** Building whose accounts are recalculated (or give premisesId). */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Premises whose accounts are recalculated (or give buildingId). */
  @IsOptional()
  @IsIdString()
  premisesId?: string;

  /** Period of the incidents and of the charge reduced, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class CreateControlCheckDto extends PostingRequest {
  /** Individual meter checked. */
  @IsIdString()
  meterId!: string;

  /** Day of the check, YYYY-MM-DD. */
  @IsCalendarDate()
  checkedOn!: string;

  /** The inspector's reading per zone, e.g. {"T1": "123.456"} (decimal strings, every zone of the meter). */
  @IsObject()
  values!: Record<string, string>;

  /** true when the seal and the meter are intact; false: tampering (para 81(11)). */
  @IsBoolean()
  sealIntact!: boolean;

  /** Number of the check act. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actNumber?: string;
}

export class CreateRetroactiveRecalculationDto extends PostingRequest {
  /** Building recomputed. */
  @IsIdString()
  buildingId!: string;

  /** First period recomputed, YYYY-MM. */
  @Matches(PERIOD, { message: 'fromPeriod must be YYYY-MM' })
  fromPeriod!: string;

  /** Last period recomputed, YYYY-MM (at most 12 periods). */
  @Matches(PERIOD, { message: 'toPeriod must be YYYY-MM' })
  toPeriod!: string;

  /** Why (e.g. the tariff decision of the regional commission and its date). */
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;

  /** Only these services (default: every service of the building). */
  @IsOptional()
  @IsArray()
  @Matches(CODE, { each: true, message: 'serviceCodes must be service codes' })
  serviceCodes?: string[];
}

export class CreateQualityIncidentDto {
  /** Building affected (or give premisesId for one premises). */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Premises affected (its building is taken from it). */
  @IsOptional()
  @IsIdString()
  premisesId?: string;

  /** Service affected. */
  @Matches(CODE, { message: 'serviceCode must be a service code' })
  serviceCode!: string;

  /** interruption, temperature or pressure. */
  @IsIn(['interruption', 'temperature', 'pressure'])
  kind!: 'interruption' | 'temperature' | 'pressure';

  /** Start (the moment reported to the dispatcher), ISO instant with offset: 2026-03-05T08:00:00+03:00. */
  @Matches(ISO_INSTANT, { message: 'startedAt must be an ISO instant with an offset' })
  startedAt!: string;

  /** End, ISO instant with offset. */
  @Matches(ISO_INSTANT, { message: 'endedAt must be an ISO instant with an offset' })
  endedAt!: string;

  /** °C beyond the permitted deviation (temperature incidents). */
  @IsOptional()
  @IsDecimalString({ scale: 1, precision: 5 })
  degrees?: string;

  /** Measured temperature, °C (hot water below +40 °C is billed as cold water). */
  @IsOptional()
  @IsDecimalString({ scale: 1, precision: 5, signed: true })
  temperature?: string;

  /** Number of the request registered by the emergency dispatch service. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  dispatcherRequest!: string;
}
