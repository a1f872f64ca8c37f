import { CalendarDayKind, CapKind, MoratoriumScope } from '../domain/penalty-rules.types';

/**
 * The rules tables of migration 1764400000000 and their explicit row mapping (raw queries bypass
 * transformers). numeric columns stay exact strings ("9.500"); dates are 'YYYY-MM-DD' strings (type
 * parser in database/data-source.ts); due-rule periods are stored as first days and shown as YYYY-MM.
 */
type Row = Record<string, unknown>;

interface Stamped {
  source: string;
  createdAt: Date;
  updatedAt: Date;
}
export interface KeyRateRecord extends Stamped {
  id: string;
  effectiveFrom: string;
  ratePercent: string;
  confirmed: 'yes' | 'partly' | 'no';
}
export interface RateCapRecord extends Stamped {
  id: string;
  validFrom: string;
  validTo: string | null;
  kind: CapKind;
  capPercent: string;
}
export interface MoratoriumRecord extends Stamped {
  id: string;
  validFrom: string;
  validTo: string | null;
  scope: MoratoriumScope;
}
export interface FractionRecord extends Stamped {
  id: string;
  validFrom: string;
  fromDay: number;
  toDay: number | null;
  denominator: number | null;
}
export interface DueRuleRecord extends Stamped {
  id: string;
  periodFrom: string;
  periodTo: string | null;
  dueDay: number;
  monthOffset: number;
}
export interface CalendarDayRecord extends Stamped {
  day: string;
  kind: CalendarDayKind;
  note: string;
}

/** Where a record lives, its key column, list order and row mapping. */
export interface TableSpec<T> {
  table: string;
  key: 'id' | 'day';
  orderBy: string;
  map: (r: Row) => T;
}

const stamps = (r: Row): Stamped => ({
  source: r.source as string,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});
const str = (v: unknown) => (v === null ? null : (v as string));
const int = (v: unknown) => (v === null ? null : Number(v));
const month = (v: unknown) => (v === null ? null : (v as string).slice(0, 7));

export const KEY_RATES: TableSpec<KeyRateRecord> = {
  table: 'key_rates',
  key: 'id',
  orderBy: 'effective_from',
  map: (r) => ({
    id: String(r.id),
    effectiveFrom: r.effective_from as string,
    ratePercent: r.rate_percent as string,
    confirmed: r.confirmed as KeyRateRecord['confirmed'],
    ...stamps(r),
  }),
};

export const RATE_CAPS: TableSpec<RateCapRecord> = {
  table: 'penalty_rate_caps',
  key: 'id',
  orderBy: 'valid_from',
  map: (r) => ({
    id: String(r.id),
    validFrom: r.valid_from as string,
    validTo: str(r.valid_to),
    kind: r.kind as CapKind,
    capPercent: r.cap_percent as string,
    ...stamps(r),
  }),
};

export const MORATORIA: TableSpec<MoratoriumRecord> = {
  table: 'penalty_moratoria',
  key: 'id',
  orderBy: 'valid_from',
  map: (r) => ({
    id: String(r.id),
    validFrom: r.valid_from as string,
    validTo: str(r.valid_to),
    scope: r.scope as MoratoriumScope,
    ...stamps(r),
  }),
};

export const FRACTIONS: TableSpec<FractionRecord> = {
  table: 'penalty_fractions',
  key: 'id',
  orderBy: 'valid_from, from_day',
  map: (r) => ({
    id: String(r.id),
    validFrom: r.valid_from as string,
    fromDay: Number(r.from_day),
    toDay: int(r.to_day),
    denominator: int(r.denominator),
    ...stamps(r),
  }),
};

export const DUE_RULES: TableSpec<DueRuleRecord> = {
  table: 'payment_due_rules',
  key: 'id',
  orderBy: 'period_from',
  map: (r) => ({
    id: String(r.id),
    periodFrom: month(r.period_from) as string,
    periodTo: month(r.period_to),
    dueDay: Number(r.due_day),
    monthOffset: Number(r.month_offset),
    ...stamps(r),
  }),
};

export const CALENDAR: TableSpec<CalendarDayRecord> = {
  table: 'calendar_days',
  key: 'day',
  orderBy: 'day',
  map: (r) => ({
    day: r.day as string,
    kind: r.kind as CalendarDayKind,
    note: r.note as string,
    ...stamps(r),
  }),
};
