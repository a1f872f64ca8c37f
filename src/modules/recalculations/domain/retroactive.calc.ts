import { ChargeLine } from 'src/modules/billing-runs/domain/charge-inputs';
import { Dec, dec, decimalPlacesOf, moneyString, sum, toFixedString } from 'src/shared/money';
import { BilledLine, DeltaLine, Zone } from './recalculation.types';

/** A delta already posted by an earlier retroactive document for the period (per service and zone). */
export interface PostedDelta {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  volumeDelta: string;
  amountDelta: string;
}

interface Cell {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  recomputed: ChargeLine[];
  billed: BilledLine[];
  posted: PostedDelta[];
}

const key = (a: string, s: string, z: Zone | null) => `${a}|${s}|${z ?? ''}`;

function cells(p: {
  recomputed: ChargeLine[];
  billed: (BilledLine & { accountId: string })[];
  posted: PostedDelta[];
}): Map<string, Cell> {
  const out = new Map<string, Cell>();
  const cell = (a: string, s: string, z: Zone | null): Cell => {
    const k = key(a, s, z);
    let c = out.get(k);
    if (!c)
      out.set(k, (c = { accountId: a, serviceCode: s, zone: z, recomputed: [], billed: [], posted: [] }));
    return c;
  };
  for (const l of p.recomputed) cell(l.accountId, l.serviceCode, l.zone).recomputed.push(l);
  for (const l of p.billed) cell(l.accountId, l.serviceCode, l.zone).billed.push(l);
  for (const d of p.posted) cell(d.accountId, d.serviceCode, d.zone).posted.push(d);
  return out;
}

const scaleOf = (values: string[]) => Math.max(0, ...values.map(decimalPlacesOf));

/**
 * Retroactive tariff or norm change (decree 354 para 31 "г"; the original lines stay as billed): the
 * period recomputed with today's rules, per account, service and zone, minus what was billed and what
 * earlier retroactive documents already corrected. Only non-zero differences give a line; a cell the
 * recomputation could not bill (an issue: no tariff, no norm …) is skipped and listed, never reversed.
 */
export function retroactiveDeltas(p: {
  period: string;
  recomputed: ChargeLine[];
  billed: (BilledLine & { accountId: string })[];
  posted: PostedDelta[];
  issues: { accountId: string; serviceCode: string }[];
  services: string[] | null;
}): { lines: (DeltaLine & { accountId: string })[]; skipped: { accountId: string; serviceCode: string }[] } {
  const blocked = new Set(p.issues.map((i) => `${i.accountId}|${i.serviceCode}`));
  const lines: (DeltaLine & { accountId: string })[] = [];
  const skipped: { accountId: string; serviceCode: string }[] = [];
  for (const c of cells(p).values()) {
    if (p.services && !p.services.includes(c.serviceCode)) continue;
    if (blocked.has(`${c.accountId}|${c.serviceCode}`)) {
      skipped.push({ accountId: c.accountId, serviceCode: c.serviceCode });
      continue;
    }
    const line = cellDelta(p.period, c);
    if (line) lines.push(line);
  }
  return { lines, skipped };
}

function cellDelta(period: string, c: Cell): (DeltaLine & { accountId: string }) | undefined {
  const total = (xs: string[]): Dec => sum(xs.map((x) => dec(x)));
  const now = total(c.recomputed.map((l) => l.amount));
  const was = total(c.billed.map((l) => l.amount));
  const before = total(c.posted.map((d) => d.amountDelta));
  const amount = now.minus(was).minus(before);
  const volumes = [...c.recomputed, ...c.billed].map((l) => l.volume);
  const volume = total(c.recomputed.map((l) => l.volume))
    .minus(total(c.billed.map((l) => l.volume)))
    .minus(total(c.posted.map((d) => d.volumeDelta)));
  if (amount.isZero() && volume.isZero()) return undefined;
  const tariffs = [...new Set(c.recomputed.map((l) => l.tariff))];
  return {
    accountId: c.accountId,
    correctedPeriod: period,
    serviceCode: c.serviceCode,
    zone: c.zone,
    part: 1,
    chargeLineId: c.billed.length === 1 ? c.billed[0].id : null,
    volumeDelta: toFixedString(volume, scaleOf(volumes)),
    unit: c.recomputed[0]?.unit ?? c.billed[0].unit,
    tariff: tariffs.length === 1 ? tariffs[0] : null,
    amountDelta: moneyString(amount),
    formula: `recomputed ${moneyString(now)} − billed ${moneyString(was)} − corrected ${moneyString(before)} = ${moneyString(amount)}`,
    basis: cellBasis(c, moneyString(before)),
  };
}

/** What was recomputed and what was billed, so the document shows both sides. */
function cellBasis(c: Cell, earlierCorrections: string): Record<string, unknown> {
  return {
    recomputed: c.recomputed.map((l) => ({
      part: l.part,
      method: l.method,
      amount: l.amount,
      formula: l.basis.formula,
      tariffId: l.tariffId,
    })),
    billed: c.billed.map((l) => ({
      id: l.id,
      part: l.part,
      method: l.method,
      amount: l.amount,
      tariff: l.tariff,
    })),
    earlierCorrections,
  };
}
