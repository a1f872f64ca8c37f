import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Zone } from './domain/recalculation.types';

export interface ReadingFact {
  id: string;
  zone: Zone;
  value: string;
  takenOn: string;
  channel: string;
}

/**
 * Control checks (own table) and read-only reads of meter readings. The inspector's reading is kept
 * here, not in meter_readings: a billing run takes volumes from meter_readings and would bill the
 * difference a second time (see the README).
 */
@Injectable()
export class ControlChecksRepository {
  async insert(
    m: EntityManager,
    c: {
      meterId: string;
      accountId: string;
      checkedOn: string;
      sealIntact: boolean;
      values: Record<string, string>;
      actNumber?: string;
      by: string;
    },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO control_checks (meter_id, account_id, checked_on, seal_intact, readings, act_number, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [
        c.meterId,
        c.accountId,
        c.checkedOn,
        c.sealIntact,
        JSON.stringify(c.values),
        c.actNumber ?? null,
        c.by,
      ],
    );
    return row.id;
  }

  async previousCheckOn(m: EntityManager, meterId: string, before: string): Promise<string | null> {
    const [row] = await m.query(
      `SELECT to_char(max(checked_on), 'YYYY-MM-DD') AS d FROM control_checks WHERE meter_id = $1 AND checked_on < $2`,
      [meterId, before],
    );
    return row?.d ?? null;
  }

  /** Per zone, the last reading taken up to the day of the check (not an inspector's). */
  async lastReadings(m: EntityManager, meterId: string, upTo: string): Promise<ReadingFact[]> {
    return m.query(
      `SELECT DISTINCT ON (zone) id::text, zone, value::text, to_char(taken_on, 'YYYY-MM-DD') AS "takenOn", channel
         FROM meter_readings WHERE meter_id = $1 AND taken_on <= $2 AND channel <> 'inspector'
        ORDER BY zone, taken_on DESC`,
      [meterId, upTo],
    );
  }

  /** Readings taken from `from` to `to` (inclusive): those a tampering check discards. */
  async readingsBetween(m: EntityManager, meterId: string, from: string, to: string): Promise<ReadingFact[]> {
    return m.query(
      `SELECT id::text, zone, value::text, to_char(taken_on, 'YYYY-MM-DD') AS "takenOn", channel
         FROM meter_readings WHERE meter_id = $1 AND taken_on BETWEEN $2 AND $3 AND kind <> 'initial'
        ORDER BY taken_on, zone`,
      [meterId, from, to],
    );
  }
}
