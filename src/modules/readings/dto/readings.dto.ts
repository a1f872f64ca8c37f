import { IsEnum, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { dec, toFixedString } from 'src/shared/money';
import { StoredReading } from '../domain/reading-history';
import { READING_SCALE } from '../domain/reading-values.rules';

/** Who took or passed the reading. */
export enum ReadingChannel {
  Specialist = 'specialist',
  Subscriber = 'subscriber',
  Inspector = 'inspector',
  SettlementCentre = 'settlement_centre',
  FileImport = 'file_import',
}

export class SubmitReadingDto {
  /**
   * Value per tariff zone, e.g. {"T1": "123.456", "T2": "45.000"}: every zone of the meter, decimal
   * strings with at most 3 decimals (integer JSON numbers are accepted, fractional ones refused).
   */
  @IsObject()
  values!: Record<string, string>;

  /** Day the reading was taken, YYYY-MM-DD (not in the future in the billing time zone). */
  @IsString()
  @MaxLength(10)
  takenOn!: string;

  /** specialist, subscriber, inspector, settlement_centre or file_import. */
  @IsEnum(ReadingChannel)
  channel!: ReadingChannel;
}

export class ReadingsQuery {
  /** First day (inclusive), YYYY-MM-DD. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day (inclusive), YYYY-MM-DD. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class ReadingValueDto {
  /** Reading id. */
  id!: string;
  /** Tariff zone: T1, T2 or T3. */
  zone!: string;
  /** Counter value (m³, kWh, Gcal) with 3 decimals, e.g. "123.456". */
  value!: string;
  /** True when the counter passed its capacity (99999 → 00000) since the previous reading. */
  rollover!: boolean;
  /** True when consumption looks implausible against the meter's own history (stored, to be checked). */
  suspect!: boolean;
  /** Why the reading is suspect, with the numbers; null when it is not. */
  suspectReason!: string | null;
  /** Consumption since the previous reading of the zone, 3 decimals; null for the first reading. */
  volume!: string | null;
}

export class ReadingSubmissionResponseDto {
  /** Meter id. */
  meterId!: string;
  /** Day the reading was taken, YYYY-MM-DD. */
  takenOn!: string;
  /** Billing month the reading counts for, YYYY-MM (after the cut-off day: the next month). */
  period!: string;
  /** Channel the reading came through. */
  channel!: string;
  /** True when stored now (201); false when the same values were already stored (200). */
  created!: boolean;
  /** One entry per zone. */
  readings!: ReadingValueDto[];
}

export class ReadingListItemDto extends ReadingValueDto {
  /** Day the reading was taken, YYYY-MM-DD. */
  takenOn!: string;
  /** Billing month, YYYY-MM. */
  period!: string;
  /** initial (at installation), regular or closing (at replacement). */
  kind!: string;
  /** Channel the reading came through. */
  channel!: string;
  /** Who stored it. */
  createdBy!: string;
  /** When it was stored (ISO instant). */
  createdAt!: string;
}

export class ReadingListResponseDto {
  /** Meter id. */
  meterId!: string;
  /** Readings in date order, zones within a day in order. */
  items!: ReadingListItemDto[];
}

export function toReadingValue(r: StoredReading, volume: string | null): ReadingValueDto {
  return {
    id: r.id,
    zone: r.zone,
    value: toFixedString(dec(r.value), READING_SCALE),
    rollover: r.rollover,
    suspect: r.suspect,
    suspectReason: r.suspectReason,
    volume,
  };
}

export function toReadingListItem(r: StoredReading, volume: string | null): ReadingListItemDto {
  return {
    ...toReadingValue(r, volume),
    takenOn: r.takenOn,
    period: r.period.slice(0, 7),
    kind: r.kind,
    channel: r.channel,
    createdBy: r.createdBy,
    createdAt: r.createdAt ? r.createdAt.toISOString() : '',
  };
}
