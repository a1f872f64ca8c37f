import { dec, toFixedString } from 'src/shared/money';
import { consumptionBetween, HistoryPoint } from './reading-consumption.calc';
import { READING_SCALE, Zone } from './reading-values.rules';

/**
 * In-memory history of the meters being processed (loaded once under the meter locks), kept in
 * date order per meter and zone so that later submissions of the same batch see earlier ones.
 */
export class ReadingHistory<P extends HistoryPoint> {
  private readonly byMeter = new Map<string, Partial<Record<Zone, P[]>>>();

  constructor(points: Iterable<P & { meterId: string; zone: Zone }> = []) {
    for (const p of points) this.add(p.meterId, p.zone, p);
  }

  /** Zone → points (oldest first) of one meter. */
  of(meterId: string): Partial<Record<Zone, readonly P[]>> {
    return this.byMeter.get(meterId) ?? {};
  }

  add(meterId: string, zone: Zone, point: P): void {
    const zones = this.byMeter.get(meterId) ?? {};
    this.byMeter.set(meterId, zones);
    const list = (zones[zone] ??= []);
    let i = list.length;
    while (i > 0 && list[i - 1].takenOn > point.takenOn) i--;
    list.splice(i, 0, point);
  }

  /** The stored point of the zone on that day and the one just before it. */
  around(meterId: string, zone: Zone, takenOn: string): { point?: P; previous?: P } {
    const list = this.of(meterId)[zone] ?? [];
    const i = list.findIndex((h) => h.takenOn === takenOn);
    return i < 0 ? {} : { point: list[i], previous: i > 0 ? list[i - 1] : undefined };
  }
}

/** A stored (or just accepted, not yet inserted: id '') reading. */
export interface StoredReading extends HistoryPoint {
  id: string;
  meterId: string;
  zone: Zone;
  /** First day of the billing month ('YYYY-MM-01'). */
  period: string;
  kind: 'initial' | 'regular' | 'closing';
  channel: string;
  rollover: boolean;
  suspect: boolean;
  suspectReason: string | null;
  createdBy: string;
  createdAt: Date | null;
}

/** Consumption of the reading since the previous one of its zone (null for the first), 3 decimals. */
export function volumeOf(
  history: ReadingHistory<StoredReading>,
  r: StoredReading,
  digits: number,
): string | null {
  const { previous } = history.around(r.meterId, r.zone, r.takenOn);
  if (!previous) return null;
  return toFixedString(consumptionBetween(dec(previous.value), dec(r.value), digits), READING_SCALE);
}
