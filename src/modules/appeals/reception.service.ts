import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { todayIn } from 'src/shared/period';
import { handlesAppeals } from './appeal-access';
import { AppealErrorCode as E, appealError } from './appeals.errors';
import { maskName, maskPhone } from './domain/personal-data.rules';
import { CreateVisitDto, VisitQuery, VisitResponseDto } from './dto/reception.dto';

const VISIT = `id::text, visited_on AS "visitedOn", citizen_name AS "citizenName", citizen_phone AS "citizenPhone",
  account_id::text AS "accountId", topic, outcome, appeal_id::text AS "appealId", received_by AS "receivedBy"`;

/** The reception log (журнал приёма граждан): one row per in-person visit. */
@Injectable()
export class ReceptionService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(d: CreateVisitDto, by: Principal): Promise<VisitResponseDto> {
    const today = todayIn(this.config.billing.timezone);
    const visitedOn = d.visitedOn ?? today;
    if (visitedOn > today)
      throw appealError(E.DateInFuture, `${visitedOn} has not come yet`, { visitedOn }, 'visitedOn');
    if (d.accountId && !(await this.db.query(`SELECT 1 FROM accounts WHERE id = $1`, [d.accountId])).length) {
      throw appealError(
        E.AccountNotFound,
        `account ${d.accountId} not found`,
        { id: d.accountId },
        'accountId',
      );
    }
    if (d.appealId && !(await this.db.query(`SELECT 1 FROM appeals WHERE id = $1`, [d.appealId])).length) {
      throw appealError(E.LinkNotFound, `appeal ${d.appealId} not found`, { id: d.appealId }, 'appealId');
    }
    const [row] = await this.db.query(
      `INSERT INTO reception_visits (visited_on, citizen_name, citizen_phone, account_id, topic, outcome, appeal_id, received_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${VISIT}`,
      [
        visitedOn,
        d.citizenName,
        d.citizenPhone ?? null,
        d.accountId ?? null,
        d.topic,
        d.outcome,
        d.appealId ?? null,
        by.name,
      ],
    );
    return row;
  }

  async list(q: VisitQuery, by: Principal): Promise<VisitResponseDto[]> {
    const rows: VisitResponseDto[] = await this.db.query(
      `SELECT ${VISIT} FROM reception_visits
        WHERE ($1::date IS NULL OR visited_on >= $1) AND ($2::date IS NULL OR visited_on <= $2)
        ORDER BY visited_on, id LIMIT 1000`,
      [q.from ?? null, q.to ?? null],
    );
    if (handlesAppeals(by)) return rows;
    return rows.map((r) => ({
      ...r,
      citizenName: maskName(r.citizenName),
      citizenPhone: maskPhone(r.citizenPhone),
    }));
  }
}
