import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from '../domain/consumption-format';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CURSOR = /^[A-Za-z0-9_-]{1,4096}$/;

export class ConsumptionExportQuery {
  /** Billing period, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;

  /** csv (default; UTF-8, ';', CRLF, documented header), jsonl (JSON Lines) or xml (docs/consumption-export.xsd). */
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class ConsumptionPagesQuery {
  /** Billing period, YYYY-MM: required for the first page of a full pull; otherwise taken from the cursor. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;

  /** Rows per page, 1–1000 (default 500). */
  @IsOptional()
  @Transform(({ value }) => (/^\d{1,4}$/.test(String(value)) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** `nextCursor` of the previous page (opaque). */
  @IsOptional()
  @Matches(CURSOR, { message: 'cursor must be an opaque cursor' })
  cursor?: string;

  /** `changesCursor` of the last page of the previous pull: only rows created, corrected or deleted since. */
  @IsOptional()
  @Matches(CURSOR, { message: 'changedSince must be an opaque cursor' })
  changedSince?: string;
}

export class ConsumptionReadingDto {
  /** Meter serial number. */
  meter!: string;
  /** Tariff zone (T1/T2/T3), or null. */
  zone!: string | null;
  /** Previous (base) reading, decimal string; null when the period has the meter's first reading. */
  previous!: string | null;
  /** Date of the previous reading, YYYY-MM-DD. */
  previousOn!: string | null;
  /** Current reading used for the period, decimal string. */
  current!: string;
  /** Date of the current reading, YYYY-MM-DD. */
  currentOn!: string;
  /** Channel the current reading came in by: specialist, subscriber, inspector, settlement_centre, file_import or system; null if unknown. */
  currentChannel!: string | null;
  /** Channel of the previous reading; null when there is none or it is unknown. */
  previousChannel!: string | null;
}

export class ConsumptionRecalculationDto {
  /** Recalculation document number (ПР-…). */
  number!: string;
  /** quality, absence, control_check, tampering, retroactive or manual. */
  kind!: string;
  /** The reason recorded on the recalculation document. */
  reason!: string;
  /** Period the delta was posted into (on that period's payment document), YYYY-MM. */
  postingPeriod!: string;
  /** Tariff zone of the delta (T1/T2/T3), or null. */
  zone!: string | null;
  /** Volume delta, decimal string. */
  volumeDelta!: string;
  /** Amount delta, roubles, decimal string (negative: a credit). */
  amountDelta!: string;
}

export class ConsumptionRowDto {
  /** Billing period, YYYY-MM. */
  period!: string;
  /** Account id. */
  accountId!: string;
  /** Account number (лицевой счёт). */
  accountNumber!: string;
  /** Building id. */
  buildingId!: string;
  /** Premises id. */
  premisesId!: string;
  /** Premises number in the building. */
  premisesNumber!: string;
  /** Account holder's name: personal data, null unless the client may see it (pii:read or staff). */
  holderName!: string | null;
  /** Exact address with the premises number: personal data, null unless the client may see it. */
  address!: string | null;
  /** Service code. */
  serviceCode!: string;
  /** True for a tombstone: the account has no charge for the service in the period any more. */
  deleted!: boolean;
  /** Unit of the volume (m3, kWh, Gcal, m2); null on a tombstone. */
  unit!: string | null;
  /** metered, average, norm, area, derived or common ('+'-joined when parts differ); null on a tombstone. */
  method!: string | null;
  /** Residents registered at the end of the period. */
  residents!: number | null;
  /** Premises area, m², decimal string. */
  area!: string;
  /** Volume of the period (all zones and parts), decimal string at the service's scale. */
  volume!: string | null;
  /** Volume of zone T1 (multi-zone meters), or null. */
  volumeT1!: string | null;
  /** Volume of zone T2, or null. */
  volumeT2!: string | null;
  /** Volume of zone T3, or null. */
  volumeT3!: string | null;
  /** Price per unit; distinct prices of zones and month parts joined by '/' when they differ. */
  tariff!: string | null;
  /** Charged amount (sum of the rounded lines, coefficient included), decimal string. */
  amount!: string | null;
  /** Meter readings the volume was computed from. */
  readings!: ConsumptionReadingDto[];
  /** Sum of the recalculation deltas correcting this period, roubles; null when there are none. */
  recalculated!: string | null;
  /** Recalculation deltas correcting this period (with reasons), in posting order. */
  recalculations!: ConsumptionRecalculationDto[];
}

export class ConsumptionPageDto {
  /** full (the whole period in key order) or changes (rows changed since `changedSince`). */
  mode!: 'full' | 'changes';
  /** Billing period, YYYY-MM. */
  period!: string;
  /** Rows of this page ordered by account id and service code. */
  items!: ConsumptionRowDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor!: string | null;
  /** On the last page: pass as `changedSince` in the next pull to get only later changes. */
  changesCursor!: string | null;
}

export class ConsumptionManifestDto {
  /** Billing period, YYYY-MM. */
  period!: string;
  /** Format the manifest describes. */
  format!: ExportFormat;
  /** Whether personal data columns are filled (they are for clients allowed to see them). */
  personalData!: boolean;
  /** Data rows in the file (header and XML envelope excluded). */
  rows!: number;
  /** Size of the file in bytes. */
  bytes!: number;
  /** SHA-256 of the file, lowercase hex. */
  sha256!: string;
}
