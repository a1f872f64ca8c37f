import { BadInputError } from 'src/common/errors/domain-error';
import { Dec, dec, isDecimalLiteral, pow10 } from 'src/shared/money';
import { ReadingErrorCode as E, ReadingRefusal } from '../readings.errors';

/** Tariff zones of a meter: a 2-zone meter has T1 (day) and T2 (night) (decree 354 para 38). */
export const ALL_ZONES = ['T1', 'T2', 'T3'] as const;
export type Zone = (typeof ALL_ZONES)[number];

/** Readings are kept to the litre / watt-hour: at most 3 decimals (m³, kWh). */
export const READING_SCALE = 3;

export type ParsedValues = { ok: true; values: Map<Zone, Dec> } | { ok: false; refusal: ReadingRefusal };

export function zonesOf(zoneCount: number): Zone[] {
  return ALL_ZONES.slice(0, zoneCount);
}

/**
 * Checks the zones and values of one submission against the meter: every zone of the meter and no
 * other, each value a non-negative decimal string with at most 3 decimals below the counter
 * capacity 10^digits. JSON numbers are accepted only when they are safe integers (exact); fractional
 * numbers are refused as READING_VALUE_INVALID because a float has already lost the exact value.
 * `field` names the object in errors ("values" → "values.T2").
 */
export function parseReadingValues(p: {
  values: unknown;
  zones: number;
  digits: number;
  field?: string;
}): ParsedValues {
  const field = p.field ?? 'values';
  if (typeof p.values !== 'object' || p.values === null || Array.isArray(p.values)) {
    return refuse(
      E.ValueInvalid,
      `${field} must be an object of zone → value, e.g. {"T1": "123.456"}`,
      field,
    );
  }
  const given = p.values as Record<string, unknown>;
  const zones = zonesOf(p.zones);
  const unknown = Object.keys(given).find((k) => !(zones as string[]).includes(k));
  if (unknown !== undefined) {
    return refuse(
      E.ZoneUnknown,
      `Zone ${unknown} is not a zone of this ${p.zones}-zone meter (${zones.join(', ')})`,
      `${field}.${unknown}`,
    );
  }
  const missing = zones.find((z) => given[z] === undefined);
  if (missing) {
    return refuse(
      E.ZoneMissing,
      `A value for zone ${missing} is required (the meter has ${zones.join(', ')})`,
      `${field}.${missing}`,
    );
  }
  const values = new Map<Zone, Dec>();
  for (const zone of zones) {
    const parsed = parseOneValue(given[zone], p.digits, `${field}.${zone}`);
    if (!('value' in parsed)) return parsed;
    values.set(zone, parsed.value);
  }
  return { ok: true, values };
}

function parseOneValue(
  raw: unknown,
  digits: number,
  field: string,
): { value: Dec } | { ok: false; refusal: ReadingRefusal } {
  let value: Dec;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) {
      return refuse(
        E.ValueInvalid,
        `${field} must be a decimal string such as "123.456" (fractional JSON numbers are not exact)`,
        field,
      );
    }
    value = dec(raw);
  } else if (typeof raw === 'string' && isDecimalLiteral(raw)) {
    value = dec(raw);
  } else {
    return refuse(E.ValueInvalid, `${field} must be a decimal string such as "123.456"`, field);
  }
  if (value.isNegative() && !value.isZero())
    return refuse(E.ValueNegative, `${field} must not be negative`, field);
  if (value.decimalPlaces() > READING_SCALE) {
    return refuse(E.ValueTooPrecise, `${field} must have at most ${READING_SCALE} decimal places`, field);
  }
  const capacity = pow10(digits);
  if (value.gte(capacity)) {
    return refuse(
      E.ValueExceedsCapacity,
      `${field} does not fit the meter's ${digits}-digit counter (must be below ${capacity.toString()})`,
      field,
    );
  }
  return { value };
}

function refuse(code: E, message: string, field: string): { ok: false; refusal: ReadingRefusal } {
  return { ok: false, refusal: new BadInputError(code, message, field) };
}
