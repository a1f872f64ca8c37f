/** Stable codes of refused meter operations (readings have their own, see readings.errors.ts). */
export enum MeterErrorCode {
  NotFound = 'METER_NOT_FOUND',
  SerialTaken = 'METER_SERIAL_TAKEN',
  Decommissioned = 'METER_DECOMMISSIONED',
  VerificationExpired = 'METER_VERIFICATION_EXPIRED',
  PremisesRequired = 'METER_PREMISES_REQUIRED',
  PremisesNotAllowed = 'METER_PREMISES_NOT_ALLOWED',
  BuildingRequired = 'METER_BUILDING_REQUIRED',
  BuildingMismatch = 'METER_BUILDING_MISMATCH',
  ServiceNotMetered = 'METER_SERVICE_NOT_METERED',
  DateInFuture = 'METER_DATE_IN_FUTURE',
  DateBeforeInstallation = 'METER_DATE_BEFORE_INSTALLATION',
  HasLaterReadings = 'METER_HAS_LATER_READINGS',
}
