import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

/** Named constraints the API explains; the constraint name is the stable part of a database refusal. */
const CONSTRAINTS: Record<string, { kind: DomainError['kind']; code: string; message: string }> = {
  ex_tariffs__overlap: {
    kind: 'conflict',
    code: 'TARIFF_OVERLAP',
    message: 'A tariff for this service, zone and scope already covers part of this validity period',
  },
  ex_norms__overlap: {
    kind: 'conflict',
    code: 'NORM_OVERLAP',
    message: 'A norm for this service and scope already covers part of this validity period',
  },
  ex_building_services__overlap: {
    kind: 'conflict',
    code: 'BUILDING_SERVICE_OVERLAP',
    message: 'The service is already provided in this building for part of this period',
  },
  uq_accounts__number: {
    kind: 'conflict',
    code: 'ACCOUNT_NUMBER_TAKEN',
    message: 'An account with this number already exists',
  },
  uq_premises__building_number: {
    kind: 'conflict',
    code: 'PREMISES_NUMBER_TAKEN',
    message: 'The building already has premises with this number',
  },
  uq_organisations__inn_kpp: {
    kind: 'conflict',
    code: 'ORGANISATION_EXISTS',
    message: 'An organisation with this INN and KPP already exists',
  },
  uq_buildings__fias_guid: {
    kind: 'conflict',
    code: 'BUILDING_FIAS_TAKEN',
    message: 'A building with this FIAS GUID already exists',
  },
  uq_meters__active_serial: {
    kind: 'conflict',
    code: 'METER_SERIAL_TAKEN',
    message: 'An active meter of this service with this serial number already exists',
  },
  uq_billing_runs__active_period: {
    kind: 'conflict',
    code: 'BILLING_RUN_ACTIVE',
    message: 'A billing run for this period is already queued or running',
  },
  uq_users__login: {
    kind: 'conflict',
    code: 'USER_LOGIN_TAKEN',
    message: 'A user with this login already exists',
  },
  uq_account_residents__account_from: {
    kind: 'conflict',
    code: 'RESIDENTS_DATE_TAKEN',
    message: 'A residents entry from this date already exists',
  },
  ex_increasing_coefficients__overlap: {
    kind: 'conflict',
    code: 'COEFFICIENT_OVERLAP',
    message: 'A coefficient for this service and case already covers part of this validity period',
  },
  ex_substitution_rules__overlap: {
    kind: 'conflict',
    code: 'SUBSTITUTION_RULE_OVERLAP',
    message: 'A substitution rule already covers part of this validity period',
  },
  uq_metering_impossibility_acts__premises_service: {
    kind: 'conflict',
    code: 'IMPOSSIBILITY_ACT_EXISTS',
    message: 'An act for this premises and service is already recorded',
  },
  ex_heating_seasons__overlap: {
    kind: 'conflict',
    code: 'HEATING_SEASON_OVERLAP',
    message: 'A heating season already covers part of these dates',
  },
  ex_quality_rules__overlap: {
    kind: 'conflict',
    code: 'QUALITY_RULE_OVERLAP',
    message: 'A quality rule for this service and kind already covers part of this validity period',
  },
  ex_absence_rules__overlap: {
    kind: 'conflict',
    code: 'ABSENCE_RULE_OVERLAP',
    message: 'An absence rule already covers part of this validity period',
  },
  ex_tampering_rules__overlap: {
    kind: 'conflict',
    code: 'TAMPERING_RULE_OVERLAP',
    message: 'A tampering rule already covers part of this validity period',
  },
  ex_manual_approval_rules__overlap: {
    kind: 'conflict',
    code: 'MANUAL_APPROVAL_RULE_OVERLAP',
    message: 'A manual approval rule already covers part of this validity period',
  },
  period_closed: {
    kind: 'conflict',
    code: 'PERIOD_CLOSED',
    message: 'The billing period is closed: corrections go to the open period',
  },
  recalculation_line_immutable: {
    kind: 'conflict',
    code: 'RECALCULATION_LINE_IMMUTABLE',
    message: 'Recalculation lines are written once when the document posts and never change',
  },
  ex_absence_applications__overlap: {
    kind: 'conflict',
    code: 'ABSENCE_OVERLAP',
    message: 'An absence of this account already covers part of these days',
  },
  uq_control_checks__meter_date: {
    kind: 'conflict',
    code: 'CONTROL_CHECK_EXISTS',
    message: 'A control check of this meter on this day is already recorded',
  },
  uq_service_quality_incidents__scope_start: {
    kind: 'conflict',
    code: 'QUALITY_INCIDENT_EXISTS',
    message:
      'An incident of this kind for this service and place starting at this moment is already recorded',
  },
  uq_payments__reverses: {
    kind: 'conflict',
    code: 'PAYMENT_ALREADY_REVERSED',
    message: 'The payment is already reversed',
  },
  uq_payments__bank_payment_id: {
    kind: 'conflict',
    code: 'DUPLICATE_PAYMENT_ID_CONFLICT',
    message: 'A payment with this bank payment id already exists',
  },
  uq_opening_balances__account_period_service_kind: {
    kind: 'conflict',
    code: 'OPENING_BALANCE_CONFLICT',
    message: 'An opening balance for this account, period, service and kind already exists',
  },
  uq_document_runs__active: {
    kind: 'conflict',
    code: 'DOCUMENT_RUN_ACTIVE',
    message: 'A batch of payment documents for this period and scope is already queued or running',
  },
  uq_payment_documents__account_period_current: {
    kind: 'conflict',
    code: 'PAYMENT_DOCUMENT_ALREADY_ISSUED',
    message: 'The account already has a payment document for this period; issue a correction',
  },
  ex_document_notices__overlap: {
    kind: 'conflict',
    code: 'DOCUMENT_NOTICE_OVERLAP',
    message: 'A notice text already covers part of this validity period',
  },
  payment_document_frozen: {
    kind: 'conflict',
    code: 'PAYMENT_DOCUMENT_FROZEN',
    message: 'An issued payment document cannot be changed',
  },
};

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Maps a PostgreSQL constraint refusal to a domain error; anything else stays unexpected (500). */
export function pgErrorToDomain(err: unknown): DomainError | undefined {
  const driver = (err instanceof QueryFailedError ? err.driverError : err) as PgDriverError | undefined;
  if (!driver || typeof driver !== 'object' || !driver.code) return undefined;
  const known = driver.constraint ? CONSTRAINTS[driver.constraint] : undefined;
  if (known && (driver.code === '23505' || driver.code === '23P01' || driver.code === 'P0001')) {
    return new DomainError(known.kind, known.code, known.message, { constraint: driver.constraint });
  }
  if (driver.code === '23503') {
    return new DomainError('rule', 'REFERENCE_NOT_FOUND', 'A referenced record does not exist', {
      constraint: driver.constraint,
    });
  }
  return undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const driver = (err instanceof QueryFailedError ? err.driverError : err) as PgDriverError | undefined;
  return !!driver && driver.code === '23505' && (!constraint || driver.constraint === constraint);
}
