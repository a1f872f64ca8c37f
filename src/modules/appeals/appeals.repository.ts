import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppealCategory, AppealChannel, AppealStatus, DeadlineRule } from './domain/appeal.types';
import { CategoryCounts } from './domain/appeals-report.calc';

/** An appeal row with its register numbers, in API field names. */
export interface AppealRow {
  id: string;
  citizenName: string;
  citizenPhone: string | null;
  citizenEmail: string | null;
  citizenAddress: string | null;
  accountId: string | null;
  accountNumber: string | null;
  channel: AppealChannel;
  category: AppealCategory;
  text: string;
  attachments: { fileName: string; mediaType: string; sizeBytes: number }[];
  registeredOn: string;
  deadlineOn: string;
  deadlineBasis: Record<string, unknown>;
  status: AppealStatus;
  assignee: string | null;
  assignedOn: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  extendedOn: string | null;
  deadlineRuleId: string;
  recalculationId: string | null;
  readingId: string | null;
  incomingNumber: string | null;
  answerLetterNumber: string | null;
  answerLetterId: string | null;
}

const APPEAL = `a.id::text, a.citizen_name AS "citizenName", a.citizen_phone AS "citizenPhone", a.citizen_email AS "citizenEmail",
  a.citizen_address AS "citizenAddress", a.account_id::text AS "accountId", acc.number AS "accountNumber", a.channel, a.category,
  a.text, a.attachments, a.registered_on AS "registeredOn", a.deadline_on AS "deadlineOn", a.deadline_basis AS "deadlineBasis",
  a.status, a.assignee, a.assigned_on AS "assignedOn", a.answered_on AS "answeredOn", a.closed_on AS "closedOn", a.extended_on AS "extendedOn", a.deadline_rule_id::text AS "deadlineRuleId",
  a.recalculation_id::text AS "recalculationId", a.reading_id::text AS "readingId",
  (SELECT c.number FROM correspondence c WHERE c.appeal_id = a.id AND c.direction = 'incoming' ORDER BY c.id LIMIT 1) AS "incomingNumber",
  (SELECT c.number FROM correspondence c WHERE c.appeal_id = a.id AND c.direction = 'outgoing' ORDER BY c.id DESC LIMIT 1) AS "answerLetterNumber",
  (SELECT c.id::text FROM correspondence c WHERE c.appeal_id = a.id AND c.direction = 'outgoing' ORDER BY c.id DESC LIMIT 1) AS "answerLetterId"`;
const FROM = `FROM appeals a LEFT JOIN accounts acc ON acc.id = a.account_id`;

export interface NewAppeal {
  citizenName: string;
  citizenPhone: string | null;
  citizenEmail: string | null;
  citizenAddress: string | null;
  accountId: string | null;
  channel: AppealChannel;
  category: AppealCategory;
  text: string;
  attachments: unknown[];
  registeredOn: string;
  deadlineOn: string;
  deadlineRuleId: string;
  deadlineBasis: Record<string, unknown>;
  createdBy: string;
}

export interface AppealFilter {
  status?: string;
  category?: string;
  accountId?: string;
  citizen?: string;
  overdueAsOf?: string;
}

export interface NewLetter {
  direction: 'incoming' | 'outgoing';
  letterDate: string;
  appealId: string | null;
  accountId: string | null;
  citizenName: string;
  subject: string;
  templateId: string | null;
  pdf: Buffer | null;
  createdBy: string;
}

/** The SQL of appeals, their events and the correspondence register. */
@Injectable()
export class AppealsRepository {
  async deadlineRules(m: EntityManager): Promise<DeadlineRule[]> {
    return m.query(
      `SELECT id::text, category, channel, days, day_kind AS "dayKind", extension_days AS "extensionDays", valid_from AS "validFrom", valid_to AS "validTo", source
         FROM appeal_deadline_rules ORDER BY category, valid_from, id`,
    );
  }

  async accountExists(m: EntityManager, id: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM accounts WHERE id = $1`, [id])).length > 0;
  }

  async insertAppeal(m: EntityManager, a: NewAppeal): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO appeals (citizen_name, citizen_phone, citizen_email, citizen_address, account_id, channel, category, text,
                            attachments, registered_on, deadline_on, deadline_rule_id, deadline_basis, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id::text`,
      [
        a.citizenName,
        a.citizenPhone,
        a.citizenEmail,
        a.citizenAddress,
        a.accountId,
        a.channel,
        a.category,
        a.text,
        JSON.stringify(a.attachments),
        a.registeredOn,
        a.deadlineOn,
        a.deadlineRuleId,
        JSON.stringify(a.deadlineBasis),
        a.createdBy,
      ],
    );
    return row.id;
  }

  async event(
    m: EntityManager,
    e: { appealId: string; from: string | null; to: string; on: string; actor: string; note?: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO appeal_events (appeal_id, from_status, to_status, happened_on, actor, note) VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.appealId, e.from, e.to, e.on, e.actor, e.note ?? null],
    );
  }

  async find(m: EntityManager, id: string, lock = false): Promise<AppealRow | undefined> {
    if (lock) await m.query(`SELECT 1 FROM appeals WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await m.query(`SELECT ${APPEAL} ${FROM} WHERE a.id = $1`, [id]);
    return row;
  }

  async lastEventOn(m: EntityManager, id: string): Promise<string> {
    const [row] = await m.query(`SELECT max(happened_on) AS on FROM appeal_events WHERE appeal_id = $1`, [
      id,
    ]);
    return row.on;
  }

  async events(m: EntityManager, id: string) {
    return m.query(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", happened_on AS "on", actor, note,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "recordedAt"
         FROM appeal_events WHERE appeal_id = $1 ORDER BY id`,
      [id],
    );
  }

  async list(m: EntityManager, f: AppealFilter, limit: number, after?: string): Promise<AppealRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.status) add('a.status = ?', f.status);
    if (f.category) add('a.category = ?', f.category);
    if (f.accountId) add('a.account_id = ?', f.accountId);
    if (f.citizen) add(`a.citizen_name ILIKE '%' || ? || '%'`, escapeLike(f.citizen));
    if (f.overdueAsOf) {
      // The SQL form of isOverdue() (domain/appeal.state.ts).
      add('a.deadline_on < ?', f.overdueAsOf);
      add('(a.answered_on IS NULL OR a.answered_on > ?)', f.overdueAsOf);
    }
    if (after) add('a.id > ?', after);
    args.push(limit + 1);
    return m.query(
      `SELECT ${APPEAL} ${FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY a.id LIMIT $${args.length}`,
      args,
    );
  }

  async update(m: EntityManager, id: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set);
    await m.query(
      `UPDATE appeals SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => set[c])],
    );
  }

  /** The account of a recalculation or a reading (null when the row does not exist). */
  async linkTarget(
    m: EntityManager,
    kind: 'recalculation' | 'reading',
    id: string,
  ): Promise<{ accountIds: string[] } | null> {
    const sql =
      kind === 'recalculation'
        ? `SELECT ARRAY[account_id::text] AS "accountIds" FROM recalculations WHERE id = $1`
        : `SELECT coalesce(array_agg(a.id::text) FILTER (WHERE a.id IS NOT NULL), '{}') AS "accountIds"
             FROM meter_readings r JOIN meters mt ON mt.id = r.meter_id
             LEFT JOIN accounts a ON a.premises_id = mt.premises_id
            WHERE r.id = $1 GROUP BY r.id`;
    const [row] = await m.query(sql, [id]);
    return row ?? null;
  }

  /**
   * Allocates the next number of the direction's year: the counter row is locked by the upsert
   * until the transaction ends, so numbers are gapless (a rolled-back letter returns its number).
   */
  async allocateSeq(m: EntityManager, direction: string, year: number): Promise<number> {
    const [row] = await m.query(
      `INSERT INTO correspondence_counters (direction, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (direction, year) DO UPDATE SET last = correspondence_counters.last + 1 RETURNING last`,
      [direction, year],
    );
    return row.last;
  }

  async insertLetter(
    m: EntityManager,
    l: NewLetter & { seq: number; number: string; year: number },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO correspondence (direction, year, seq, number, letter_date, appeal_id, account_id, citizen_name, subject,
                                   template_id, pdf, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id::text`,
      [
        l.direction,
        l.year,
        l.seq,
        l.number,
        l.letterDate,
        l.appealId,
        l.accountId,
        l.citizenName,
        l.subject,
        l.templateId,
        l.pdf,
        l.createdBy,
      ],
    );
    return row.id;
  }

  /** Per category: registered in [from, to], answered, answered by the deadline, open past the deadline on asOf. */
  async reportCounts(m: EntityManager, from: string, to: string, asOf: string): Promise<CategoryCounts[]> {
    const rows: {
      category: AppealCategory;
      count: number;
      answered: number;
      onTime: number;
      overdue: number;
    }[] = await m.query(
      `SELECT category, count(*)::int AS count,
                count(*) FILTER (WHERE answered_on IS NOT NULL)::int AS answered,
                count(*) FILTER (WHERE answered_on <= deadline_on)::int AS "onTime",
                count(*) FILTER (WHERE deadline_on < $3 AND (answered_on IS NULL OR answered_on > $3))::int AS overdue
           FROM appeals WHERE registered_on BETWEEN $1 AND $2 GROUP BY category`,
      [from, to, asOf],
    );
    return rows;
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
