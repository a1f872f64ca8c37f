import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { AllocationService } from 'src/modules/payments/allocation.service';
import { buildCsv } from 'src/shared/csv';
import { dec, moneyString, sum } from 'src/shared/money';
import { periodEnd, periodStart } from 'src/shared/period';
import { buildLedger } from './domain/ledger.build';
import { LedgerQuery, LedgerResponseDto } from './dto/ledger.dto';
import { TurnoverFiguresDto, TurnoverQuery, TurnoverResponseDto, TurnoverRowDto } from './dto/turnover.dto';
import { LedgerErrorCode } from './ledger.errors';
import { LedgerRepository } from './ledger.repository';

const FIGURES: (keyof TurnoverFiguresDto)[] = [
  'openingDebt',
  'imported',
  'charged',
  'recalculated',
  'paid',
  'closingDebt',
];

/** The account ledger and the turnover sheet (read-only). */
@Injectable()
export class LedgerService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: LedgerRepository,
    private readonly allocation: AllocationService,
  ) {}

  async ledger(accountId: string, q: LedgerQuery): Promise<LedgerResponseDto> {
    if (q.from && q.to && q.from > q.to) {
      throw new BadInputError(LedgerErrorCode.RangeInvalid, 'from must not be after to', 'from');
    }
    // One statement: whether the account exists, its cells, penalties and advances.
    const f = await this.allocation.figuresOf(this.db.manager, [accountId]);
    if (!f.found.has(accountId)) throw new NotFoundError('account', accountId);
    const ledger = buildLedger({
      cells: f.cells.get(accountId) ?? [],
      advances: f.advances.get(accountId) ?? [],
      skipTimeBarred: this.allocation.skipTimeBarred,
      from: q.from,
      to: q.to,
    });
    return { accountId, ...ledger };
  }

  /** Оборотно-сальдовая ведомость of a building or an organisation for a period. */
  async turnover(q: TurnoverQuery): Promise<TurnoverResponseDto> {
    if (!q.buildingId === !q.organisationId) {
      throw new BadInputError(
        LedgerErrorCode.TurnoverScopeRequired,
        'Give exactly one of buildingId and organisationId',
        'buildingId',
      );
    }
    const m = this.db.manager;
    const [table, id] = q.buildingId
      ? (['buildings', q.buildingId] as const)
      : (['organisations', q.organisationId!] as const);
    if (!(await this.repo.exists(m, table, id))) throw new NotFoundError(table.slice(0, -1), id);
    const rows = await this.repo.turnover(m, {
      from: periodStart(q.period),
      to: periodEnd(q.period),
      buildingId: q.buildingId ?? null,
      organisationId: q.organisationId ?? null,
    });
    return {
      period: q.period,
      buildingId: q.buildingId ?? null,
      organisationId: q.organisationId ?? null,
      rows,
      totals: totalsOf(rows),
    };
  }

  /** The turnover sheet as CSV: one line per account and a closing "total" line. */
  turnoverCsv(t: TurnoverResponseDto): string {
    const head = [
      'account_id',
      'account_number',
      'building_id',
      'premises',
      'opening_debt',
      'imported',
      'charged',
    ];
    return buildCsv([
      [...head, 'recalculated', 'paid', 'closing_debt'],
      ...t.rows.map((r) => [
        r.accountId,
        r.accountNumber,
        r.buildingId,
        r.premisesNumber,
        ...FIGURES.map((f) => r[f]),
      ]),
      ['total', '', '', '', ...FIGURES.map((f) => t.totals[f])],
    ]);
  }
}

function totalsOf(rows: TurnoverRowDto[]): TurnoverFiguresDto {
  const total = (f: keyof TurnoverFiguresDto) => moneyString(sum(rows.map((r) => dec(r[f]))));
  return {
    openingDebt: total('openingDebt'),
    imported: total('imported'),
    charged: total('charged'),
    recalculated: total('recalculated'),
    paid: total('paid'),
    closingDebt: total('closingDebt'),
  };
}
