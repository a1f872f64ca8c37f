import { BadInputError, DomainError, RuleViolationError } from 'src/common/errors/domain-error';
import { addYears } from 'src/shared/period';
import { MeterErrorCode as E } from '../meters.errors';

export enum MeterKind {
  /** Individual (квартирный) meter of one premises. */
  Individual = 'individual',
  /** Common-building (общедомовой) meter. */
  Common = 'common',
}

export enum MeterStatus {
  Active = 'active',
  Decommissioned = 'decommissioned',
}

/** Services metered per premises (decree 354 formula 1). */
export const INDIVIDUAL_METER_SERVICES = ['cold_water', 'hot_water', 'electricity', 'gas'];
/** A building's common meter may also measure heat (Gcal). */
export const COMMON_METER_SERVICES = [...INDIVIDUAL_METER_SERVICES, 'heating'];

/**
 * Last day the meter's verification is valid: the last verification plus the interval (межповерочный
 * интервал) in years; readings after it are refused (decree 354 para 81(12) "д").
 */
export function computeNextVerificationOn(verifiedOn: string, intervalYears: number): string {
  return addYears(verifiedOn, intervalYears);
}

export interface MeterRegistration {
  kind: MeterKind;
  serviceCode: string;
  premisesId?: string | null;
  buildingId?: string | null;
  installedOn: string;
  verifiedOn: string;
  verificationIntervalYears: number;
  today: string;
}

/** Checks a new meter (also the one installed at a replacement: pass `prefix` 'newMeter.'). */
export function checkMeterRegistration(p: MeterRegistration, prefix = ''): DomainError | undefined {
  if (p.kind === MeterKind.Individual && !p.premisesId) {
    return new BadInputError(
      E.PremisesRequired,
      'An individual meter needs premisesId',
      `${prefix}premisesId`,
    );
  }
  if (p.kind === MeterKind.Common && p.premisesId) {
    return new BadInputError(
      E.PremisesNotAllowed,
      'A common-building meter belongs to no premises',
      `${prefix}premisesId`,
    );
  }
  if (p.kind === MeterKind.Common && !p.buildingId) {
    return new BadInputError(
      E.BuildingRequired,
      'A common-building meter needs buildingId',
      `${prefix}buildingId`,
    );
  }
  const allowed = p.kind === MeterKind.Common ? COMMON_METER_SERVICES : INDIVIDUAL_METER_SERVICES;
  if (!allowed.includes(p.serviceCode)) {
    return new BadInputError(
      E.ServiceNotMetered,
      `A ${p.kind} meter measures one of: ${allowed.join(', ')}`,
      `${prefix}serviceCode`,
    );
  }
  return checkVerificationDates(p, prefix);
}

function checkVerificationDates(p: MeterRegistration, prefix: string): DomainError | undefined {
  for (const field of ['installedOn', 'verifiedOn'] as const) {
    if (p[field] > p.today) {
      return new BadInputError(
        E.DateInFuture,
        `${field} ${p[field]} is in the future (today is ${p.today})`,
        `${prefix}${field}`,
      );
    }
  }
  const next = computeNextVerificationOn(p.verifiedOn, p.verificationIntervalYears);
  if (next < p.installedOn) {
    return new RuleViolationError(
      E.VerificationExpired,
      `The verification expired on ${next}, before installation on ${p.installedOn}`,
      { nextVerificationOn: next },
      `${prefix}verifiedOn`,
    );
  }
  return undefined;
}

/**
 * Checks taking a meter out of service on `date` (decommissioning or replacement): it must be
 * active, the date not in the future, not before installation and not before its last reading.
 */
export function checkDecommission(p: {
  status: MeterStatus;
  installedOn: string;
  date: string;
  today: string;
  lastReadingOn: string | null;
}): DomainError | undefined {
  if (p.status !== MeterStatus.Active) {
    return new RuleViolationError(E.Decommissioned, 'The meter is already decommissioned', {});
  }
  if (p.date > p.today)
    return new BadInputError(E.DateInFuture, `date ${p.date} is in the future (today is ${p.today})`, 'date');
  if (p.date < p.installedOn) {
    return new RuleViolationError(
      E.DateBeforeInstallation,
      `date ${p.date} is before installation on ${p.installedOn}`,
      { installedOn: p.installedOn },
      'date',
    );
  }
  if (p.lastReadingOn && p.lastReadingOn > p.date) {
    return new RuleViolationError(
      E.HasLaterReadings,
      `The meter has a reading of ${p.lastReadingOn}, after ${p.date}`,
      { lastReadingOn: p.lastReadingOn },
      'date',
    );
  }
  return undefined;
}

/** Checks a new verification record of an active meter. */
export function checkVerificationUpdate(p: {
  status: MeterStatus;
  verifiedOn: string;
  today: string;
}): DomainError | undefined {
  if (p.status !== MeterStatus.Active) {
    return new RuleViolationError(E.Decommissioned, 'The meter is decommissioned', {});
  }
  if (p.verifiedOn > p.today) {
    return new BadInputError(
      E.DateInFuture,
      `verifiedOn ${p.verifiedOn} is in the future (today is ${p.today})`,
      'verifiedOn',
    );
  }
  return undefined;
}
