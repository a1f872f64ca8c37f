import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { DomainError } from 'src/common/errors/domain-error';
import { buildCsv } from 'src/shared/csv';
import { PenaltyAccrualService } from '../accruals/penalty-accrual.service';
import { PenaltyInputsRepository } from '../accruals/penalty-inputs.repository';
import { PenaltyRunsService } from '../accruals/penalty-runs.service';
import { toPenaltyCalculationResponse } from '../dto/penalty-calculation.dto';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { PenaltyRulesService } from '../rules/penalty-rules.service';
import { penaltyStatementPdf } from './penalty-statement.pdf';
import { PenaltyStatementQuery, PenaltyStatementResponseDto } from './dto/penalty-statement.dto';

const CSV_HEADER = ['period', 'balance', 'from', 'to', 'days', 'fraction', 'rate', 'formula', 'amount'];

/**
 * The penalty statement of an account for court and appeals (ЖК РФ ст. 155 ч. 14): the calculator's
 * engine over the account's own charges, opening balances and payment allocations. Every download
 * is audited (the statement is personal data, 152-ФЗ).
 */
@Injectable()
export class PenaltyStatementService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: PenaltyRulesService,
    private readonly accrual: PenaltyAccrualService,
    private readonly inputs: PenaltyInputsRepository,
    private readonly runs: PenaltyRunsService,
    private readonly audit: AuditService,
  ) {}

  async statement(
    accountId: string,
    q: PenaltyStatementQuery,
    by: Principal,
  ): Promise<PenaltyStatementResponseDto> {
    const asOf = q.asOf ?? this.runs.today();
    const m = this.db.manager;
    if (!(await this.inputs.accountExists(m, accountId))) {
      throw new DomainError('not_found', E.AccountNotFound, `account ${accountId} not found`, {
        id: accountId,
      });
    }
    const rules = await this.rules.loadRules();
    const result = (await this.accrual.results(m, [accountId], asOf, rules)).get(accountId)!;
    await this.audit.record({
      actor: by,
      action: 'GET /api/v1/accounts/:id/penalty-statement',
      entity: 'accounts',
      entityId: accountId,
      details: {
        outcome: 'ok',
        asOf,
        format: q.format ?? 'json',
        rows: result.rows.length,
        total: result.total,
      },
    });
    return { accountId, asOf, ...toPenaltyCalculationResponse(result) };
  }

  /** ';' separated with a header, one line per row, and a closing total line. */
  toCsv(s: PenaltyStatementResponseDto): string {
    return buildCsv([
      CSV_HEADER,
      ...s.rows.map((r) => [
        r.period,
        r.balance,
        r.from,
        r.to,
        r.days,
        r.fraction,
        r.ratePercent,
        r.formula,
        r.amount,
      ]),
      ['total', '', '', '', '', '', '', '', s.total],
    ]);
  }

  /** The statement as a court-ready PDF table (landscape A4), headed by the account and its address. */
  async toPdf(s: PenaltyStatementResponseDto): Promise<Buffer> {
    const [account] = (await this.db.query(
      `SELECT a.number, concat_ws(', ', b.address, 'кв. ' || p.number) AS address
         FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id
        WHERE a.id = $1`,
      [s.accountId],
    )) as { number: string; address: string }[];
    return penaltyStatementPdf(
      {
        title: 'Расчёт пени (ч. 14 ст. 155 ЖК РФ)',
        lines: [
          ['Лицевой счёт', account.number],
          ['Адрес', account.address],
          ['Дата расчёта', s.asOf.split('-').reverse().join('.')],
        ],
        createdOn: s.asOf,
      },
      s,
    );
  }
}
