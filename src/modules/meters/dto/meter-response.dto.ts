import { ReadingSubmissionResponseDto, ReadingValueDto } from 'src/modules/readings/dto/readings.dto';
import { MeterKind, MeterStatus } from '../domain/meter.rules';
import { MeterRow } from '../meters.repository';

export class MeterResponseDto {
  /** Meter id. */
  id!: string;
  /** individual or common. */
  kind!: MeterKind;
  /** Building the meter is in. */
  buildingId!: string;
  /** Premises of an individual meter; null for a common one. */
  premisesId!: string | null;
  /** Service measured (cold_water, hot_water, electricity, gas, heating). */
  serviceCode!: string;
  /** Factory serial number. */
  serialNumber!: string;
  /** Model / type name. */
  model!: string | null;
  /** Tariff zones, 1–3. */
  zones!: number;
  /** Integer digits of the counter. */
  digits!: number;
  /** Installation date, YYYY-MM-DD. */
  installedOn!: string;
  /** Seal number. */
  sealNumber!: string | null;
  /** Last verification date, YYYY-MM-DD. */
  verifiedOn!: string;
  /** Verification interval, years. */
  verificationIntervalYears!: number;
  /** Last day the verification is valid (verifiedOn + interval), YYYY-MM-DD. */
  nextVerificationOn!: string;
  /** active or decommissioned. */
  status!: MeterStatus;
  /** Day the meter was taken out of service; null while active. */
  decommissionedOn!: string | null;
  /** Why it was taken out of service. */
  decommissionReason!: string | null;
  /** The meter this one replaced, if any. */
  replacesMeterId!: string | null;
  /** When the meter was registered (ISO instant). */
  createdAt!: string;
  /** When the meter was last changed (ISO instant). */
  updatedAt!: string;
}

export class RegisteredMeterResponseDto extends MeterResponseDto {
  /** The initial readings stored with the meter (kind initial, taken on installedOn). */
  initialReadings!: ReadingValueDto[];
}

export class ReplaceMeterResponseDto {
  /** The old meter, now decommissioned on the replacement day. */
  oldMeter!: MeterResponseDto;
  /** Its closing readings. */
  closingReadings!: ReadingSubmissionResponseDto;
  /** The new meter with its initial readings. */
  newMeter!: RegisteredMeterResponseDto;
}

export class VerificationDueItemDto extends MeterResponseDto {
  /** Days from today to nextVerificationOn (negative: overdue by that many days). */
  daysUntilDue!: number;
}

export class VerificationDueResponseDto {
  /** Today in the billing time zone, YYYY-MM-DD. */
  asOf!: string;
  /** Meters due on or before this day are listed, YYYY-MM-DD. */
  until!: string;
  /** Active meters due by `until` (overdue ones included), earliest first. */
  items!: VerificationDueItemDto[];
}

export function toMeterResponse(r: MeterRow): MeterResponseDto {
  return {
    id: r.id,
    kind: r.kind,
    buildingId: r.building_id,
    premisesId: r.premises_id,
    serviceCode: r.service_code,
    serialNumber: r.serial_number,
    model: r.model,
    zones: r.zones,
    digits: r.digits,
    installedOn: r.installed_on,
    sealNumber: r.seal_number,
    verifiedOn: r.verified_on,
    verificationIntervalYears: r.verification_interval_years,
    nextVerificationOn: r.next_verification_on,
    status: r.status,
    decommissionedOn: r.decommissioned_on,
    decommissionReason: r.decommission_reason,
    replacesMeterId: r.replaces_meter_id,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
