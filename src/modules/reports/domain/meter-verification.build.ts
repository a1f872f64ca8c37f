import { daysBetween } from 'src/shared/period';

export enum VerificationStatus {
  /** The verification interval has ended: readings no longer count (decree 354 para 81(12)). */
  Overdue = 'overdue',
  /** Ends within the window asked for. */
  Due = 'due',
}

/** Status of an active meter's verification on asOf: overdue once the next date has passed. */
export function verificationStatus(nextVerificationOn: string, asOf: string): VerificationStatus {
  return nextVerificationOn < asOf ? VerificationStatus.Overdue : VerificationStatus.Due;
}

/** Days from asOf to the next verification date (negative when overdue). */
export function daysLeft(nextVerificationOn: string, asOf: string): number {
  return daysBetween(asOf, nextVerificationOn);
}

export interface MeterDue {
  buildingId: string;
  address: string;
  status: VerificationStatus;
}

export interface BuildingVerificationSummary {
  buildingId: string;
  address: string;
  overdue: number;
  due: number;
}

/** Counts per building (in first-seen order) of overdue meters and meters falling due. */
export function summariseByBuilding(meters: readonly MeterDue[]): BuildingVerificationSummary[] {
  const byBuilding = new Map<string, BuildingVerificationSummary>();
  for (const m of meters) {
    let s = byBuilding.get(m.buildingId);
    if (!s) {
      s = { buildingId: m.buildingId, address: m.address, overdue: 0, due: 0 };
      byBuilding.set(m.buildingId, s);
    }
    if (m.status === VerificationStatus.Overdue) s.overdue += 1;
    else s.due += 1;
  }
  return [...byBuilding.values()];
}
