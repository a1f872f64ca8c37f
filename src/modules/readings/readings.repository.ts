import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MeterStatus } from './domain/reading.rules';
import { StoredReading } from './domain/reading-history';
import { Zone } from './domain/reading-values.rules';
import { byKeys, prepared } from 'src/database/prepared';

/** The meter columns the reading rules need (the meters table is owned by MetersModule; read-only here). */
export interface MeterFactsRow {
  id: string;
  status: MeterStatus;
  zones: number;
  digits: number;
  installed_on: string;
  next_verification_on: string;
}

export type ReadingKind = StoredReading['kind'];

interface ReadingRow {
  id: string;
  meter_id: string;
  zone: Zone;
  /** numeric(16,6) as a string. */
  value: string;
  taken_on: string;
  /** First day of the billing month. */
  period: string;
  kind: ReadingKind;
  channel: string;
  rollover: boolean;
  suspect: boolean;
  suspect_reason: string | null;
  created_by: string;
  created_at: Date;
}

/** A reading to insert (the stored shape without id and creation time). */
export type NewReading = Omit<StoredReading, 'id' | 'createdAt'>;

/** Raw rows bypass transformers: map them explicitly (numeric stays a string). */
function toStored(r: ReadingRow): StoredReading {
  return {
    id: r.id,
    meterId: r.meter_id,
    zone: r.zone,
    value: r.value,
    takenOn: r.taken_on,
    period: r.period,
    kind: r.kind,
    channel: r.channel,
    rollover: r.rollover,
    suspect: r.suspect,
    suspectReason: r.suspect_reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export interface ImportMeterRow {
  id: string;
  serial_number: string;
  service_code: string;
}

const READING_COLUMNS = `id, meter_id, zone, value::text AS value, taken_on, period, kind, channel, rollover, suspect,
  suspect_reason, created_by, created_at`;

/** The facts of meters $1 (ids) and their history from $2 on (`readFacts`). */
const READ_FACTS = `SELECT CASE WHEN row_number() OVER () = 1 THEN f.meters END AS meters, h.*
  FROM (SELECT coalesce(json_agg(json_build_object('id', id::text, 'status', status, 'zones', zones,
                 'digits', digits, 'installed_on', installed_on, 'next_verification_on', next_verification_on)
                 ORDER BY id), '[]') AS meters
          FROM meters WHERE id = ANY($1::bigint[])) f
  LEFT JOIN (
    SELECT ${READING_COLUMNS} FROM meter_readings WHERE meter_id = ANY($1::bigint[]) AND taken_on >= $2
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (meter_id, zone) ${READING_COLUMNS} FROM meter_readings
       WHERE meter_id = ANY($1::bigint[]) AND taken_on < $2 ORDER BY meter_id, zone, taken_on DESC) before
  ) h ON true`;

/** SQL of meter_readings and reading_imports; every method takes the manager of the caller's transaction. */
@Injectable()
export class ReadingsRepository {
  /** Locks the meters (in id order, so concurrent batches never deadlock) and returns their facts. */
  async lockMeters(m: EntityManager, ids: string[]): Promise<MeterFactsRow[]> {
    return m.query(
      `SELECT id, status, zones, digits, installed_on, next_verification_on FROM meters
        WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /**
   * The facts of the meters and their history (as `loadHistory`) with one statement, without a lock:
   * the meters ride on the first row (as json; a left join keeps them when there is no history).
   */
  async readFacts(
    m: EntityManager,
    meterIds: string[],
    since: string,
  ): Promise<{ meters: MeterFactsRow[]; history: StoredReading[] }> {
    // One meter (a submission): a scalar key, so the statement keeps a generic plan (byKeys).
    const { text, key } = byKeys(READ_FACTS, meterIds);
    const rows: (ReadingRow & { meters: MeterFactsRow[] | null })[] = await m.query(prepared(text), [
      key,
      since,
    ]);
    return {
      meters: rows[0]?.meters ?? [],
      history: rows.filter((r) => r.id !== null).map(toStored),
    };
  }

  async findMeter(m: EntityManager, id: string): Promise<MeterFactsRow | undefined> {
    const rows: MeterFactsRow[] = await m.query(
      `SELECT id, status, zones, digits, installed_on, next_verification_on FROM meters WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * Every reading of the meters taken on or after `since`, plus the latest one before it per
   * meter and zone (the "previous" of the earliest submission).
   */
  async loadHistory(m: EntityManager, meterIds: string[], since: string): Promise<StoredReading[]> {
    const rows: ReadingRow[] = await m.query(
      `SELECT ${READING_COLUMNS} FROM meter_readings WHERE meter_id = ANY($1::bigint[]) AND taken_on >= $2
       UNION ALL
       SELECT * FROM (
         SELECT DISTINCT ON (meter_id, zone) ${READING_COLUMNS} FROM meter_readings
          WHERE meter_id = ANY($1::bigint[]) AND taken_on < $2 ORDER BY meter_id, zone, taken_on DESC) before`,
      [meterIds, since],
    );
    return rows.map(toStored);
  }

  /** One multi-row insert through unnest arrays (no per-row round trips). */
  async insertReadings(m: EntityManager, rows: NewReading[]): Promise<StoredReading[]> {
    if (!rows.length) return [];
    const col = <K extends keyof NewReading>(k: K) => rows.map((r) => r[k]);
    const inserted: ReadingRow[] = await m.query(
      `INSERT INTO meter_readings (meter_id, zone, value, taken_on, period, kind, channel, rollover, suspect,
                                   suspect_reason, created_by)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::numeric[], $4::date[], $5::date[], $6::text[], $7::text[],
                            $8::boolean[], $9::boolean[], $10::text[], $11::text[])
       RETURNING ${READING_COLUMNS}`,
      [
        col('meterId'),
        col('zone'),
        col('value'),
        col('takenOn'),
        col('period'),
        col('kind'),
        col('channel'),
        col('rollover'),
        col('suspect'),
        col('suspectReason'),
        col('createdBy'),
      ],
    );
    return inserted.map(toStored);
  }

  /** Readings of a meter in [from, to] (open ends allowed) plus the one before `from` per zone (for volumes). */
  async listWithPrevious(
    m: EntityManager,
    meterId: string,
    from: string | null,
    to: string | null,
  ): Promise<StoredReading[]> {
    const rows: ReadingRow[] = await m.query(
      `SELECT ${READING_COLUMNS} FROM meter_readings
        WHERE meter_id = $1 AND taken_on >= coalesce($2::date, '-infinity') AND taken_on <= coalesce($3::date, 'infinity')
       UNION ALL
       SELECT * FROM (
         SELECT DISTINCT ON (zone) ${READING_COLUMNS} FROM meter_readings
          WHERE meter_id = $1 AND taken_on < $2::date ORDER BY zone, taken_on DESC) before
       ORDER BY taken_on, zone`,
      [meterId, from, to],
    );
    return rows.map(toStored);
  }

  /** Latest reading date of the meter, or null. */
  async lastReadingOn(m: EntityManager, meterId: string): Promise<string | null> {
    const [row]: { last: string | null }[] = await m.query(
      `SELECT max(taken_on) AS last FROM meter_readings WHERE meter_id = $1`,
      [meterId],
    );
    return row.last;
  }

  /** Meters named by an import file: by id, or by the serial number of an active (else the latest) meter. */
  async findImportMeters(
    m: EntityManager,
    ids: string[],
    serials: { serialNumber: string; serviceCode: string }[],
  ): Promise<ImportMeterRow[]> {
    return m.query(
      `SELECT id, serial_number, service_code FROM meters WHERE id = ANY($1::bigint[])
       UNION
       SELECT * FROM (
         SELECT DISTINCT ON (mt.service_code, mt.serial_number) mt.id, mt.serial_number, mt.service_code
           FROM meters mt JOIN unnest($2::text[], $3::text[]) AS s(serial_number, service_code)
             ON mt.serial_number = s.serial_number AND mt.service_code = s.service_code
          ORDER BY mt.service_code, mt.serial_number, (mt.status = 'active') DESC, mt.id DESC) by_serial`,
      [ids, serials.map((s) => s.serialNumber), serials.map((s) => s.serviceCode)],
    );
  }

  /** The active individual meters of each account's premises for a service (0, 1 or more per pair). */
  async findAccountMeters(
    m: EntityManager,
    pairs: { accountNumber: string; serviceCode: string }[],
  ): Promise<{ account_number: string; service_code: string; id: string }[]> {
    return m.query(
      `SELECT s.account_number, s.service_code, mt.id
         FROM unnest($1::text[], $2::text[]) AS s(account_number, service_code)
         JOIN accounts a ON a.number = s.account_number
         JOIN meters mt ON mt.premises_id = a.premises_id AND mt.service_code = s.service_code AND mt.status = 'active'`,
      [pairs.map((p) => p.accountNumber), pairs.map((p) => p.serviceCode)],
    );
  }

  async insertImport(
    m: EntityManager,
    row: {
      fileName: string | null;
      sha256: string;
      lines: number;
      accepted: number;
      unchanged: number;
      rejected: number;
      results: unknown;
      createdBy: string;
    },
  ): Promise<string> {
    const [inserted]: { id: string }[] = await m.query(
      `INSERT INTO reading_imports (file_name, sha256, lines, accepted, unchanged, rejected, results, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        row.fileName,
        row.sha256,
        row.lines,
        row.accepted,
        row.unchanged,
        row.rejected,
        JSON.stringify(row.results),
        row.createdBy,
      ],
    );
    return inserted.id;
  }
}
