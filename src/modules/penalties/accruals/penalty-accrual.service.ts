import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { buildAccountPenaltyInput, lastOverduePeriod } from '../domain/account-inputs.build';
import { accrualChanges } from '../domain/accrual-changes.calc';
import { accruePenalty } from '../domain/penalty.calc';
import { PenaltyRules } from '../domain/penalty-rules.types';
import { PenaltyResult } from '../domain/penalty.types';
import { PenaltyRulesService } from '../rules/penalty-rules.service';
import { PenaltyAccrualsRepository } from './penalty-accruals.repository';
import { PenaltyInputsRepository } from './penalty-inputs.repository';
import { PenaltyRunsRepository } from './penalty-runs.repository';

export interface ChunkOutcome {
  skipped?: true;
  accounts: number;
  rows: number;
}

/**
 * Penalty of accounts from their own books with the pure engine (the calculator's code): the nightly
 * job's chunk step and the account statement. Inputs are loaded for a whole chunk with a few
 * set-based statements; the engine runs per account in memory; the results are written with one.
 */
@Injectable()
export class PenaltyAccrualService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: PenaltyRulesService,
    private readonly inputs: PenaltyInputsRepository,
    private readonly accruals: PenaltyAccrualsRepository,
    private readonly runs: PenaltyRunsRepository,
  ) {}

  /** Penalty rows and totals up to and including `asOf` per account (ЖК РФ ст. 155 ч. 14). */
  async results(
    m: EntityManager,
    accountIds: string[],
    asOf: string,
    rules: PenaltyRules,
  ): Promise<Map<string, PenaltyResult>> {
    const { dueRules, calendar } = rules;
    const lastPeriod = lastOverduePeriod({ asOf, dueRules, calendar });
    const books = await this.inputs.books(m, accountIds, { asOf, lastPeriod });
    const out = new Map<string, PenaltyResult>();
    for (const [accountId, b] of books) {
      const input = buildAccountPenaltyInput({ ...b, asOf, dueRules, calendar });
      out.set(accountId, accruePenalty({ ...input, asOf, rules }));
    }
    return out;
  }

  /**
   * One chunk of a run in one transaction: lock the chunk (a done chunk returns at once), compute the
   * totals to date, store the changed ones (the unique key keeps a date's first answer), mark it done.
   */
  async accrueChunk(runDate: string, chunkNo: number, accountIds: string[]): Promise<ChunkOutcome> {
    const rules = await this.rules.loadRules();
    return this.db.transaction(async (m) => {
      if (!(await this.runs.lockChunk(m, runDate, chunkNo))) return { skipped: true, accounts: 0, rows: 0 };
      const results = await this.results(m, accountIds, runDate, rules);
      const previous = await this.accruals.previousTotals(m, accountIds, runDate);
      const rows = [...results].flatMap(([accountId, result]) =>
        accrualChanges({ result, previous: previous.get(accountId) ?? new Map() }).map((c) => ({
          ...c,
          accountId,
        })),
      );
      const written = await this.accruals.insert(m, runDate, rows);
      await this.runs.completeChunk(m, runDate, chunkNo, written);
      return { accounts: accountIds.length, rows: written };
    });
  }
}
