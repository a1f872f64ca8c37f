import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { rulesConstraintError } from './rules-constraints';
import { TableSpec } from './rule-tables';

/** Column → value; keys come from code (rules-table specs and services), never from a request. */
export type Columns = Record<string, unknown>;

/**
 * SQL for the small penalty-rules tables: whole-table lists in key order, insert, partial update,
 * delete. Overlaps and duplicates are refused by named constraints and come back as 409s.
 */
@Injectable()
export class PenaltyRulesRepository {
  constructor(private readonly db: DataSource) {}

  async list<T>(spec: TableSpec<T>, where = 'TRUE', params: unknown[] = []): Promise<T[]> {
    const rows: Columns[] = await this.db.query(
      `SELECT * FROM ${spec.table} WHERE ${where} ORDER BY ${spec.orderBy}`,
      params,
    );
    return rows.map(spec.map);
  }

  async find<T>(
    spec: TableSpec<T>,
    key: string,
    m: EntityManager = this.db.manager,
    lock = false,
  ): Promise<T | undefined> {
    const rows: Columns[] = await m.query(
      `SELECT * FROM ${spec.table} WHERE ${spec.key} = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [key],
    );
    return rows[0] && spec.map(rows[0]);
  }

  async insert<T>(spec: TableSpec<T>, values: Columns): Promise<T> {
    const cols = Object.keys(values);
    const rows: Columns[] = await this.guard(
      this.db.query(
        `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})
         RETURNING *`,
        cols.map((c) => values[c]),
      ),
    );
    return spec.map(rows[0]);
  }

  /** Updates the given columns (none: returns the row as it is); undefined when the key is unknown. */
  async update<T>(
    spec: TableSpec<T>,
    key: string,
    values: Columns,
    m: EntityManager = this.db.manager,
  ): Promise<T | undefined> {
    const cols = Object.keys(values);
    if (cols.length === 0) return this.find(spec, key, m);
    const set = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
    const [rows] = (await this.guard(
      m.query(`UPDATE ${spec.table} SET ${set}, updated_at = now() WHERE ${spec.key} = $1 RETURNING *`, [
        key,
        ...cols.map((c) => values[c]),
      ]),
    )) as [Columns[], number];
    return rows[0] && spec.map(rows[0]);
  }

  async remove<T>(spec: TableSpec<T>, key: string): Promise<T | undefined> {
    const [rows] = (await this.db.query(`DELETE FROM ${spec.table} WHERE ${spec.key} = $1 RETURNING *`, [
      key,
    ])) as [Columns[], number];
    return rows[0] && spec.map(rows[0]);
  }

  private async guard<R>(query: Promise<R>): Promise<R> {
    try {
      return await query;
    } catch (e) {
      throw rulesConstraintError(e) ?? e;
    }
  }
}

/** The defined entries only: a PATCH changes what it names. */
export function definedColumns(values: Columns): Columns {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
