import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppealErrorCode as E, appealError, overlapError } from './appeals.errors';
import { fillTemplate, TEMPLATE_FIELDS } from './domain/letter.build';
import {
  CreateDeadlineRuleDto,
  CreateLetterTemplateDto,
  DeadlineRuleDto,
  LetterTemplateDto,
} from './dto/appeal-rules.dto';

const RULE = `id::text, category, channel, days, day_kind AS "dayKind", extension_days AS "extensionDays", valid_from AS "validFrom", valid_to AS "validTo", source`;
const TEMPLATE = `id::text, code, title, body, valid_from AS "validFrom", valid_to AS "validTo", source`;
type Table = 'appeal_deadline_rules' | 'letter_templates';

/**
 * Appeal deadline rules (RULES.md §8) and answer-letter templates as data with validity dates:
 * read by staff and auditors, changed by supervisors; overlaps refused by the database.
 */
@Injectable()
export class AppealRulesService {
  constructor(private readonly db: DataSource) {}

  listRules(): Promise<DeadlineRuleDto[]> {
    return this.db.query(
      `SELECT ${RULE} FROM appeal_deadline_rules ORDER BY category, channel NULLS FIRST, valid_from`,
    );
  }

  async addRule(d: CreateDeadlineRuleDto): Promise<DeadlineRuleDto> {
    return this.insert(
      `INSERT INTO appeal_deadline_rules (category, channel, days, day_kind, extension_days, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RULE}`,
      [
        d.category,
        d.channel ?? null,
        d.days,
        d.dayKind,
        d.extensionDays ?? 0,
        d.validFrom,
        d.validTo ?? null,
        d.source,
      ],
    );
  }

  listTemplates(): Promise<LetterTemplateDto[]> {
    return this.db.query(`SELECT ${TEMPLATE} FROM letter_templates ORDER BY code, valid_from`);
  }

  async addTemplate(d: CreateLetterTemplateDto): Promise<LetterTemplateDto> {
    const check = fillTemplate({
      body: d.body,
      values: Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, ''])),
    });
    if (!check.ok) {
      throw appealError(
        E.TemplateUnknownField,
        `Unknown placeholders: ${check.unknown.join(', ')}`,
        { unknown: check.unknown },
        'body',
      );
    }
    return this.insert(
      `INSERT INTO letter_templates (code, title, body, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TEMPLATE}`,
      [d.code, d.title, d.body, d.validFrom, d.validTo ?? null, d.source],
    );
  }

  /** Ends a row on a day (a new row then takes over); not before its start. */
  async close<T>(table: Table, id: string, validTo: string): Promise<T> {
    const cols = table === 'letter_templates' ? TEMPLATE : RULE;
    const [rows]: [T[], number] = await this.db.query(
      `UPDATE ${table} SET valid_to = $2 WHERE id = $1 AND valid_from <= $2 RETURNING ${cols}`,
      [id, validTo],
    );
    if (rows[0]) return rows[0];
    const [exists] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    const notFound = table === 'letter_templates' ? E.TemplateNotFound : E.DeadlineRuleNotFound;
    if (!exists) throw appealError(notFound, `${table} row ${id} not found`, { id });
    throw appealError(E.ClosedBeforeStart, 'validTo is before the row starts', { id }, 'validTo');
  }

  /** The template with the code in force on the day (404 LETTER_TEMPLATE_NOT_FOUND). */
  async templateInForce(m: EntityManager, code: string, on: string): Promise<LetterTemplateDto> {
    const [row] = await m.query(
      `SELECT ${TEMPLATE} FROM letter_templates WHERE code = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
      [code, on],
    );
    if (!row)
      throw appealError(
        E.TemplateNotFound,
        `No template ${code} in force on ${on}`,
        { code, on },
        'templateCode',
      );
    return row;
  }

  private async insert<T>(sql: string, args: unknown[]): Promise<T> {
    try {
      const [row] = await this.db.query(sql, args);
      return row;
    } catch (e) {
      throw overlapError(e) ?? e;
    }
  }
}
