import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { heading, keyValues, renderPdf, signatures } from 'src/shared/pdf';
import { AppealRulesService } from './appeal-rules.service';
import { AppealErrorCode as E, appealError } from './appeals.errors';
import { AppealRow, AppealsRepository, escapeLike, NewLetter } from './appeals.repository';
import { CATEGORY_TITLES } from './domain/appeal.types';
import { fillTemplate, letterNumber } from './domain/letter.build';
import { CorrespondenceQuery, LetterResponseDto } from './dto/correspondence.dto';

const LETTER = `id::text, direction, number, letter_date AS "letterDate", appeal_id::text AS "appealId", account_id::text AS "accountId",
  citizen_name AS "citizenName", subject, pdf IS NOT NULL AS "hasPdf", created_by AS "createdBy"`;

/**
 * The correspondence register (журнал входящей и исходящей корреспонденции): every letter gets a
 * number gapless per direction and year, allocated in the transaction that registers it.
 */
@Injectable()
export class CorrespondenceService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AppealsRepository,
    private readonly rules: AppealRulesService,
    private readonly audit: AuditService,
  ) {}

  async register(m: EntityManager, l: NewLetter): Promise<{ id: string; number: string }> {
    const year = Number(l.letterDate.slice(0, 4));
    const seq = await this.repo.allocateSeq(m, l.direction, year);
    const number = letterNumber({ direction: l.direction, seq, year });
    const id = await this.repo.insertLetter(m, { ...l, seq, year, number });
    return { id, number };
  }

  /** The answer letter of an appeal: template filled, number allocated, PDF rendered and stored. */
  async answerLetter(
    m: EntityManager,
    p: { appeal: AppealRow; on: string; templateCode: string; answerText: string; by: string },
  ): Promise<{ id: string; number: string }> {
    const { appeal, on } = p;
    const template = await this.rules.templateInForce(m, p.templateCode, on);
    const year = Number(on.slice(0, 4));
    const seq = await this.repo.allocateSeq(m, 'outgoing', year);
    const number = letterNumber({ direction: 'outgoing', seq, year });
    const filled = fillTemplate({
      body: template.body,
      values: {
        citizenName: appeal.citizenName,
        appealNumber: appeal.id,
        registeredOn: appeal.registeredOn,
        category: CATEGORY_TITLES[appeal.category],
        deadlineOn: appeal.deadlineOn,
        answerText: p.answerText,
        letterNumber: number,
        letterDate: on,
        accountNumber: appeal.accountNumber ?? '—',
      },
    });
    if (!filled.ok) {
      throw appealError(E.TemplateUnknownField, `Unknown placeholders: ${filled.unknown.join(', ')}`, {
        unknown: filled.unknown,
      });
    }
    const pdf = await renderPdf(
      { title: `${template.title} ${number}`, createdAt: new Date(`${on}T00:00:00Z`) },
      (doc) => {
        keyValues(doc, [
          ['Исх. №', `${number} от ${on}`],
          ['Кому', appeal.citizenName],
          ['Адрес', appeal.citizenAddress],
          ['Лицевой счёт', appeal.accountNumber],
          ['На обращение', `№ ${appeal.id} от ${appeal.registeredOn}`],
        ]);
        heading(doc, template.title);
        doc.text(filled.text);
        signatures(doc, [`Исполнитель ${appeal.assignee ?? p.by}`]);
      },
    );
    const id = await this.repo.insertLetter(m, {
      direction: 'outgoing',
      year,
      seq,
      number,
      letterDate: on,
      appealId: appeal.id,
      accountId: appeal.accountId,
      citizenName: appeal.citizenName,
      subject: template.title,
      templateId: template.id,
      pdf,
      createdBy: p.by,
    });
    return { id, number };
  }

  /** Letters by account, citizen (name contains), appeal and direction, newest first (at most 500). */
  async list(q: CorrespondenceQuery): Promise<LetterResponseDto[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.direction) add('direction = ?', q.direction);
    if (q.accountId) add('account_id = ?', q.accountId);
    if (q.appealId) add('appeal_id = ?', q.appealId);
    if (q.citizen) add(`citizen_name ILIKE '%' || ? || '%'`, escapeLike(q.citizen));
    return this.db.query(
      `SELECT ${LETTER} FROM correspondence ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY letter_date DESC, id DESC LIMIT 500`,
      args,
    );
  }

  /** The stored PDF of a letter; an export of personal data, so audited. */
  async pdf(id: string, by: Principal): Promise<{ number: string; pdf: Buffer }> {
    const [row] = await this.db.query(
      `SELECT number, pdf, appeal_id::text AS "appealId" FROM correspondence WHERE id = $1`,
      [id],
    );
    if (!row || !row.pdf) throw appealError(E.LetterNotFound, `letter ${id} has no PDF`, { id });
    await this.audit.record({
      actor: by,
      action: 'GET /api/v1/correspondence/:id/pdf',
      entity: 'correspondence',
      entityId: id,
      details: { outcome: 'ok', number: row.number, appealId: row.appealId, personalData: true },
    });
    return { number: row.number, pdf: row.pdf };
  }
}
