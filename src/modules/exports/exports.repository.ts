import { Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { CHANGED_ROWS_SQL, PERIOD_ROWS_SQL, periodCsvCopySql } from './consumption.sql';
import { copyOutStream } from './copy-out';
import { ConsumptionSqlRow } from './domain/consumption-row.build';

export interface PullLogEntry {
  principal: { kind: string; id: string; name: string };
  kind: 'download' | 'manifest' | 'page' | 'changes';
  period: string | null;
  format: string | null;
  rows: number;
  cursorIn: string | null;
  cursorOut: string | null;
  notModified: boolean;
  personalData: boolean;
}

export interface PullRow {
  id: string;
  at: Date;
  principal_kind: string;
  principal_id: string;
  principal_name: string;
  kind: PullLogEntry['kind'];
  period: string | null;
  format: string | null;
  rows: number;
  cursor_in: string | null;
  cursor_out: string | null;
  not_modified: boolean;
  personal_data: boolean;
}

/** A server-side cursor over the rows of a period, and how to give its connection back. */
export interface RowStream {
  rows: Readable;
  close: (err?: Error) => Promise<void>;
}

const key = (after: [string, string] | null) => (after ? after : ['0', '']);

/** The SQL of exports: consumption rows by page or by stream, the change feed, the pull log. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly db: DataSource) {}

  /** Taken BEFORE a pull reads rows: every change committed later is invisible in it. */
  async currentSnapshot(): Promise<string> {
    const [row]: { s: string }[] = await this.db.query(`SELECT pg_current_snapshot()::text AS s`);
    return row.s;
  }

  async periodPage(
    period: string,
    after: [string, string] | null,
    pii: boolean,
    limit: number,
  ): Promise<ConsumptionSqlRow[]> {
    const [account, service] = key(after);
    return this.db.query(PERIOD_ROWS_SQL, [`${period}-01`, account, service, pii, limit]);
  }

  async changedPage(
    period: string,
    snapshots: { from: string; to: string },
    after: [string, string] | null,
    pii: boolean,
    limit: number,
  ): Promise<ConsumptionSqlRow[]> {
    const [account, service] = key(after);
    return this.db.query(CHANGED_ROWS_SQL, [
      `${period}-01`,
      account,
      service,
      pii,
      limit,
      snapshots.from,
      snapshots.to,
    ]);
  }

  /**
   * The whole period through a server-side cursor (pg-query-stream: rows fetched `batchSize` at a
   * time, paused while the HTTP client is slow), in a read-only transaction on a dedicated pool
   * connection without the pool's statement timeout (a large export to a slow client may take long).
   */
  async streamPeriod(period: string, pii: boolean): Promise<RowStream> {
    const client = await this.readOnlyClient();
    const rows = client.query(
      new QueryStream(PERIOD_ROWS_SQL, [`${period}-01`, '0', '', pii, null], { batchSize: 1000 }),
    );
    return { rows, close: this.closer(client) };
  }

  /**
   * The whole period as CSV lines formatted by PostgreSQL (binary COPY of the CSV query), without the
   * header; `onRow` is called for each line read. Back-pressure reaches PostgreSQL (copy-out.ts).
   */
  async streamPeriodCsv(
    period: string,
    pii: boolean,
    opts: { head?: string; onRow?: () => void },
  ): Promise<RowStream> {
    const client = await this.readOnlyClient();
    const rows = copyOutStream(client, periodCsvCopySql(period, pii), opts);
    return { rows, close: this.closer(client) };
  }

  private async readOnlyClient(): Promise<PoolClient> {
    // The pool TypeORM uses (same limits); a pg PoolClient so a broken connection can be discarded.
    const pool = (this.db.driver as PostgresDriver).master as Pool;
    const client: PoolClient = await pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await client.query(`SET LOCAL statement_timeout = 0`);
    } catch (e) {
      client.release(e as Error);
      throw e;
    }
    return client;
  }

  private closer(client: PoolClient): (err?: Error) => Promise<void> {
    let closed = false;
    const close = async (err?: Error) => {
      if (closed) return;
      closed = true;
      try {
        if (err) throw err;
        await client.query('COMMIT');
        client.release();
      } catch (e) {
        // An aborted cursor leaves the connection in an unknown state: drop it from the pool.
        client.release(e as Error);
      }
    };
    return close;
  }

  async logPull(e: PullLogEntry): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO export_pulls (principal_kind, principal_id, principal_name, kind, period, format, rows,
                                 cursor_in, cursor_out, not_modified, personal_data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        e.principal.kind,
        e.principal.id,
        e.principal.name,
        e.kind,
        e.period ? `${e.period}-01` : null,
        e.format,
        e.rows,
        e.cursorIn,
        e.cursorOut,
        e.notModified,
        e.personalData,
      ],
    );
    return row.id;
  }

  /** Newest first, keyset by id. */
  async listPulls(
    filter: { principalId: string | null; period: string | null },
    limit: number,
    before: string | null,
  ): Promise<PullRow[]> {
    return this.db.query(
      `SELECT id::text, at, principal_kind, principal_id, principal_name, kind, to_char(period, 'YYYY-MM') AS period,
              format, rows, cursor_in, cursor_out, not_modified, personal_data
         FROM export_pulls
        WHERE ($1::text IS NULL OR principal_id = $1) AND ($2::date IS NULL OR period = $2::date)
          AND ($3::bigint IS NULL OR id < $3)
        ORDER BY export_pulls.id DESC LIMIT $4`,
      [filter.principalId, filter.period ? `${filter.period}-01` : null, before, limit],
    );
  }
}
