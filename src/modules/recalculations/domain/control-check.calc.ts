import { dec, moneyString, roundMoney, roundTo, toFixedString } from 'src/shared/money';
import {
  addDays,
  daysBetween,
  daysInMonth,
  maxDate,
  minDate,
  parsePeriod,
  periodEnd,
} from 'src/shared/period';
import { DeltaLine, Zone } from './recalculation.types';

export interface ZoneCheck {
  /** Zone of the charge lines (null for a single-rate meter). */
  zone: Zone | null;
  /** Meter zone the readings are of. */
  meterZone: Zone;
  inspector: string;
  /** The last reading submitted before the check, and its day. */
  subscriber: string;
  subscriberTakenOn: string;
  tariff: string;
  tariffId: string;
  chargeLineId: string | null;
}

/**
 * Decree 354 para 61: the seal is intact but the inspector's reading differs from the last submitted
 * one → the difference is charged (or credited) at the tariff in force, as consumed in the period of
 * the check: Δ volume × tariff, half-up to the kopeck per zone. Equal readings give no line.
 */
export function discrepancyLines(p: {
  period: string;
  serviceCode: string;
  unit: string;
  volumeScale: number;
  zones: ZoneCheck[];
}): DeltaLine[] {
  return p.zones.flatMap((z): DeltaLine[] => {
    const volume = roundTo(dec(z.inspector).minus(dec(z.subscriber)), p.volumeScale);
    if (volume.isZero()) return [];
    const amount = roundMoney(volume.times(dec(z.tariff)));
    const v = toFixedString(volume, p.volumeScale);
    return [
      {
        correctedPeriod: p.period,
        serviceCode: p.serviceCode,
        zone: z.zone,
        part: 1,
        chargeLineId: z.chargeLineId,
        volumeDelta: v,
        unit: p.unit,
        tariff: z.tariff,
        amountDelta: moneyString(amount),
        formula: `(${z.inspector} − ${z.subscriber}) ${p.unit} × ${z.tariff} = ${moneyString(amount)}`,
        basis: {
          meterZone: z.meterZone,
          inspectorReading: z.inspector,
          subscriberReading: z.subscriber,
          subscriberTakenOn: z.subscriberTakenOn,
          tariffId: z.tariffId,
        },
      },
    ];
  });
}

/** The day `months` months before `date`, clamped to the end of a shorter month (31.05 − 3 → 28.02). */
export function monthsBefore(date: string, months: number): string {
  const idx = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth({ year, month }));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Decree 354 para 81(11): tampering is charged from the later of the previous check (or the meter's
 * installation) and `lookbackMonths` before the check, to the day before the check.
 */
export function tamperingWindow(p: {
  checkedOn: string;
  previousCheckOn: string | null;
  installedOn: string;
  lookbackMonths: number;
}): { from: string; to: string; limitedBy: 'lookback' | 'previous_check' | 'installation' } {
  const lookback = monthsBefore(p.checkedOn, p.lookbackMonths);
  const since = p.previousCheckOn ?? p.installedOn;
  const from = maxDate(lookback, since);
  const limitedBy = from === lookback ? 'lookback' : p.previousCheckOn ? 'previous_check' : 'installation';
  return { from, to: addDays(p.checkedOn, -1), limitedBy };
}

/** What a period of the window needs: the norm, residents and tariff, and what was charged. */
export interface TamperingPeriod {
  period: string;
  norm: string;
  normId: string;
  residents: number;
  tariff: string;
  tariffId: string;
  /** Σ of the period's charge lines for the service (all zones and parts): amount and volume. */
  charged: string;
  chargedVolume: string;
  chargeLineId: string | null;
}

/**
 * Para 81(11): per period of the window, norm × residents × coefficient (10) × covered days / days of
 * the period (volume at the service's scale) × tariff, minus the same share of what was already charged
 * for the service; never below zero (flagged).
 */
export function tamperingLines(p: TamperingParams): DeltaLine[] {
  return p.periods.flatMap((x): DeltaLine[] => {
    const from = maxDate(p.window.from, `${x.period}-01`);
    const to = minDate(p.window.to, periodEnd(x.period));
    return from > to ? [] : [tamperingLine(p, x, from, to)];
  });
}

interface TamperingParams {
  window: { from: string; to: string };
  coefficient: string;
  serviceCode: string;
  unit: string;
  volumeScale: number;
  periods: TamperingPeriod[];
}

function tamperingLine(p: TamperingParams, x: TamperingPeriod, from: string, to: string): DeltaLine {
  const days = daysBetween(from, to) + 1;
  const dim = daysInMonth(parsePeriod(x.period));
  const share = (v: string) => dec(v).times(days).div(dim);
  const volume = roundTo(share(x.norm).times(x.residents).times(dec(p.coefficient)), p.volumeScale);
  const amount = roundMoney(volume.times(dec(x.tariff)));
  const charged = roundMoney(share(x.charged));
  const chargedVolume = roundTo(share(x.chargedVolume), p.volumeScale);
  const raw = amount.minus(charged);
  const delta = raw.isNegative() ? dec(0) : raw;
  const v = toFixedString(volume, p.volumeScale);
  return {
    correctedPeriod: x.period,
    serviceCode: p.serviceCode,
    zone: null,
    part: 1,
    chargeLineId: x.chargeLineId,
    volumeDelta: toFixedString(volume.minus(chargedVolume), p.volumeScale),
    unit: p.unit,
    tariff: x.tariff,
    amountDelta: moneyString(delta),
    formula:
      `${x.norm} × ${x.residents} persons × ${p.coefficient} × ${days}/${dim} days = ${v} ${p.unit} × ${x.tariff}` +
      ` = ${moneyString(amount)} − charged ${x.charged} × ${days}/${dim} = ${moneyString(charged)} → ${moneyString(delta)}`,
    basis: {
      ...{ from, to, days, daysInPeriod: dim, normId: x.normId, norm: x.norm, residents: x.residents },
      ...{ coefficient: p.coefficient, tariffId: x.tariffId, volume: v, amount: moneyString(amount) },
      ...{ charged: x.charged, chargedShare: moneyString(charged) },
      chargedVolumeShare: toFixedString(chargedVolume, p.volumeScale),
      ...(raw.isNegative() ? { belowCharged: true } : {}),
    },
  };
}
