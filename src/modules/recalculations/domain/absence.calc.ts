import { dec, decimalPlacesOf, moneyString, roundMoney, roundTo, toFixedString } from 'src/shared/money';
import {
  addDays,
  daysBetween,
  daysInMonth,
  maxDate,
  minDate,
  parsePeriod,
  periodEnd,
} from 'src/shared/period';
import { BilledLine, DeltaLine, Refusal } from './recalculation.types';

/** Section VIII rules as data (absence_rules). */
export interface AbsenceRule {
  /** Recalculated only when absent more than this many full days (5, para 86). */
  moreThanDays: number;
  /** Application no later than this many days after return (30, para 91). */
  applicationDays: number;
  /** Services recalculated (para 86: not heating, maintenance, common property). */
  services: string[];
}

export interface AbsenceDays {
  /** First and last full day of absence (the day after departure, the day before return). */
  firstDay: string;
  lastDay: string;
  fullDays: number;
  /** Last day an application is accepted. */
  deadline: string;
}

/**
 * Decree 354 paras 86, 90, 91: the full days of absence exclude the day of departure and the day of
 * return (full days = return − departure − 1); recalculated only above `moreThanDays` (5 → 6 days
 * qualify, 5 do not); the application is due no later than `applicationDays` after the return.
 */
export function assessAbsence(p: {
  departedOn: string;
  returnedOn: string;
  appliedOn: string;
  rule: AbsenceRule;
}): AbsenceDays | Refusal {
  const fullDays = daysBetween(p.departedOn, p.returnedOn) - 1;
  const deadline = addDays(p.returnedOn, p.rule.applicationDays);
  if (fullDays <= p.rule.moreThanDays) {
    return {
      refusal: 'ABSENCE_TOO_SHORT',
      message: `An absence is recalculated only when longer than ${p.rule.moreThanDays} full days`,
      details: { fullDays, moreThanDays: p.rule.moreThanDays },
    };
  }
  if (p.appliedOn > deadline) {
    return {
      refusal: 'ABSENCE_APPLICATION_LATE',
      message: `The application is due within ${p.rule.applicationDays} days after the return`,
      details: { appliedOn: p.appliedOn, deadline },
    };
  }
  return { firstDay: addDays(p.departedOn, 1), lastDay: addDays(p.returnedOn, -1), fullDays, deadline };
}

/** The billing periods (YYYY-MM) the full days of absence fall in. */
export function absencePeriods(days: Pick<AbsenceDays, 'firstDay' | 'lastDay'>): string[] {
  const out: string[] = [];
  for (let p = days.firstDay.slice(0, 7); p <= days.lastDay.slice(0, 7); p = nextPeriod(p)) out.push(p);
  return out;
}

function nextPeriod(p: string): string {
  const { year, month } = parsePeriod(p);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

interface Segment {
  from: string;
  to: string;
  days: number;
}

/** The days a line covers: its segment from the basis (mid-month splits), or the whole period. */
export function segmentOf(line: BilledLine): Segment {
  const s = line.basis.segment as Partial<Segment> | undefined;
  if (s && typeof s.from === 'string' && typeof s.to === 'string' && typeof s.days === 'number')
    return { from: s.from, to: s.to, days: s.days };
  const to = periodEnd(line.period);
  return { from: `${line.period}-01`, to, days: daysInMonth(parsePeriod(line.period)) };
}

export interface AbsenceSkip {
  chargeLineId: string;
  serviceCode: string;
  reason:
    | 'not_norm'
    | 'service_not_recalculated'
    | 'not_per_person'
    | 'no_absent_day'
    | 'meter_installed'
    | 'meter_installable';
}

/**
 * Para 86: absence is recalculated only where no meter can be installed. A norm line billed for a meter
 * that exists (no reading, verification expired: substitution rules, not absence) or for a missing meter
 * that could be installed (no act of technical impossibility) is not reduced. Lines of services never
 * metered (`norm_service`, e.g. solid waste) and lines without a recorded reason qualify.
 */
function meterBlocks(line: BilledLine, impossible: string[]): AbsenceSkip['reason'] | undefined {
  const reason = line.basis.reason;
  if (reason === 'no_reading' || reason === 'verification_expired') return 'meter_installed';
  if (reason === 'no_meter' && !impossible.includes(line.serviceCode)) return 'meter_installable';
  return undefined;
}

/**
 * Decree 354 paras 86, 90: only lines billed by norm per person are reduced, pro rata by days and
 * absent persons: amount × absent full days in the line's days / the line's days × persons / residents
 * (for a whole-month line: × full days in the period / days in the period). Persons above the line's
 * residents are capped at the residents. Each line is rounded half-up to the kopeck once.
 */
export function absenceLines(p: {
  days: Pick<AbsenceDays, 'firstDay' | 'lastDay'>;
  persons: number;
  rule: AbsenceRule;
  billed: BilledLine[];
  /** Services of the premises with an act of technical impossibility of metering. */
  impossible?: string[];
}): { lines: DeltaLine[]; skipped: AbsenceSkip[] } {
  const lines: DeltaLine[] = [];
  const skipped: AbsenceSkip[] = [];
  for (const line of p.billed) {
    const skip = (reason: AbsenceSkip['reason']) =>
      skipped.push({ chargeLineId: line.id, serviceCode: line.serviceCode, reason });
    const residents = line.basis.residents;
    if (line.method === 'derived' && p.rule.services.includes(line.serviceCode)) continue;
    if (line.method !== 'norm') skip('not_norm');
    else if (!p.rule.services.includes(line.serviceCode)) skip('service_not_recalculated');
    else if (typeof residents !== 'number' || residents <= 0) skip('not_per_person');
    else if (meterBlocks(line, p.impossible ?? [])) skip(meterBlocks(line, p.impossible ?? [])!);
    else {
      const delta = absenceLine(line, residents, p.days, p.persons);
      if (delta) lines.push(delta);
      else skip('no_absent_day');
    }
  }
  lines.push(...derivedLines(p.billed, lines, p.rule));
  return { lines, skipped };
}

/**
 * Sewerage billed as the sum of the water volumes (derived) is recalculated with the water (para 86):
 * its volume falls by the water volumes recalculated in the same period, spread over its parts by their
 * volumes, each part priced at its own tariff and rounded once.
 */
function derivedLines(billed: BilledLine[], water: DeltaLine[], rule: AbsenceRule): DeltaLine[] {
  const out: DeltaLine[] = [];
  const derived = billed.filter((l) => l.method === 'derived' && rule.services.includes(l.serviceCode));
  for (const period of [...new Set(derived.map((l) => l.period))]) {
    const parts = derived.filter((l) => l.period === period);
    const sources = new Set(
      parts.flatMap((l) => Object.keys((l.basis.sources as Record<string, string> | undefined) ?? {})),
    );
    const reduced = water.filter((w) => w.correctedPeriod === period && sources.has(w.serviceCode));
    const total = reduced.reduce((acc, w) => acc.plus(dec(w.volumeDelta)), dec(0));
    const billedVolume = parts.reduce((acc, l) => acc.plus(dec(l.volume)), dec(0));
    if (total.isZero() || billedVolume.isZero()) continue;
    for (const line of parts) {
      const scale = decimalPlacesOf(line.volume);
      const volume = roundTo(total.times(dec(line.volume)).div(billedVolume), scale);
      const amount = roundMoney(volume.times(dec(line.tariff)));
      out.push({
        correctedPeriod: period,
        serviceCode: line.serviceCode,
        zone: line.zone,
        part: line.part,
        chargeLineId: line.id,
        volumeDelta: toFixedString(volume, scale),
        unit: line.unit,
        tariff: line.tariff,
        amountDelta: moneyString(amount),
        formula: `${toFixedString(volume, scale)} ${line.unit} × ${line.tariff} = ${moneyString(amount)}`,
        basis: {
          derivedFrom: reduced.map((w) => ({ serviceCode: w.serviceCode, volumeDelta: w.volumeDelta })),
          chargedVolume: line.volume,
        },
      });
    }
  }
  return out;
}

function absenceLine(
  line: BilledLine,
  residents: number,
  days: Pick<AbsenceDays, 'firstDay' | 'lastDay'>,
  persons: number,
): DeltaLine | undefined {
  const segment = segmentOf(line);
  const from = maxDate(days.firstDay, segment.from);
  const to = minDate(days.lastDay, segment.to);
  if (from > to) return undefined;
  const absent = daysBetween(from, to) + 1;
  const counted = Math.min(persons, residents);
  const share = dec(absent).div(segment.days).times(counted).div(residents);
  const amount = roundMoney(dec(line.amount).times(share)).negated();
  const volume = roundTo(dec(line.volume).times(share), decimalPlacesOf(line.volume)).negated();
  return {
    correctedPeriod: line.period,
    serviceCode: line.serviceCode,
    zone: line.zone,
    part: line.part,
    chargeLineId: line.id,
    volumeDelta: toFixedString(volume, decimalPlacesOf(line.volume)),
    unit: line.unit,
    tariff: line.tariff,
    amountDelta: moneyString(amount),
    formula: `-(${line.amount} × ${absent}/${segment.days} days × ${counted}/${residents} persons) = ${moneyString(amount)}`,
    basis: {
      absentFrom: from,
      absentTo: to,
      absentDays: absent,
      lineDays: segment.days,
      persons,
      countedPersons: counted,
      residents,
      chargedAmount: line.amount,
      chargedVolume: line.volume,
      ...(persons > residents ? { personsCapped: true } : {}),
    },
  };
}
