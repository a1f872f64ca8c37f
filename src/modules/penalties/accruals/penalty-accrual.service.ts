import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { DataSource, EntityManager } from 'typeorm';
import { applyChunkSettings } from 'src/database/chunk-settings';
import { buildAccountPenaltyInput, lastOverduePeriod } from '../domain/account-inputs.build';
import { accrualChanges } from '../domain/accrual-changes.calc';
import { accruePenalty } from '../domain/penalty.calc';
import { PenaltyRules } from '../domain/penalty-rules.types';
import { PenaltyResult } from '../domain/penalty.types';
import { PenaltyRulesService } from '../rules/penalty-rules.service';
import { UnpaidTemplates, unpaidDebtTemplates } from '../domain/unpaid-debt.template';
import { PenaltyAccrualsRepository } from './penalty-accruals.repository';
import { PenaltyFastPathRepository } from './penalty-fast-path.repository';
import { PenaltyInputsRepository } from './penalty-inputs.repository';
import { AccountRange, PenaltyRunsRepository } from './penalty-runs.repository';

/** Room for the chunk statement's sort of its rows in memory (25 000 rows at 5 000 accounts, ~5 MB). */
const PENALTY_CHUNK_WORK_MEM = '32MB';

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
    private readonly fastPath: PenaltyFastPathRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // The rules of the run being processed, kept while their digest is unchanged (one statement per
  // chunk instead of six), so the plan and template memos keyed by the rules object carry over too.
  // Kept as the load in flight: the chunks that start together (WORKER_CONCURRENCY) share one load
  // of the six tables instead of each running its own on connections of their own.
  private runRules?: { digest: string; rules: Promise<PenaltyRules> };

  private async rulesOfRun(): Promise<PenaltyRules> {
    const digest = await this.rules.rulesDigest();
    if (this.runRules?.digest !== digest) {
      const rules = this.rules.loadRules();
      this.runRules = { digest, rules };
      // A failed load is not kept: the next chunk (or its retry) loads again.
      rules.catch(() => {
        if (this.runRules?.rules === rules) this.runRules = undefined;
      });
    }
    return this.runRules.rules;
  }

  /**
   * Reads the rules ahead of the first chunk (the worker does at start-up), so a run's first chunks
   * only check the digest. Never rejects: a failure is the first chunk's to report.
   */
  async warmRules(): Promise<void> {
    await this.rulesOfRun().catch(() => undefined);
  }

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
   * One chunk of a run in one transaction: lock the chunk (a done chunk returns at once), find the
   * debtors of its range of account ids, compute their totals to date, store the changed ones (the
   * unique key keeps a date's first answer), mark it done with the debtors it found.
   */
  async accrueChunk(runDate: string, chunkNo: number, range: AccountRange): Promise<ChunkOutcome> {
    const rules = await this.rulesOfRun();
    return this.db.transaction(async (m) => {
      const chunk = await this.runs.lockChunk(m, runDate, chunkNo);
      if (!chunk) return { skipped: true, accounts: 0, rows: 0 };
      await applyChunkSettings(m, { workMem: PENALTY_CHUNK_WORK_MEM });
      const since = chunk.previousRunStartedAt;
      const { debtors, written } = await this.accrueRange(m, range, runDate, rules, since);
      await this.runs.completeChunk(m, runDate, chunkNo, { debtors, rowsWritten: written });
      return { accounts: debtors.length, rows: written };
    });
  }

  /**
   * Finds the debtors among the accounts from `range.first` to `range.last` on `asOf` (see
   * `PenaltyInputsRepository.debtors`; `since` is when the previous run started, recorded on the run)
   * and stores their changed totals as `accrue` does; the fast path finds the debtors in the statement
   * that accrues the plain ones. Returns the debtors (sorted) and the rows written.
   */
  async accrueRange(
    m: EntityManager,
    range: AccountRange,
    asOf: string,
    rules: PenaltyRules,
    since: Date | null,
  ): Promise<{ debtors: string[]; written: number }> {
    const lastPeriod = lastOverduePeriod({ asOf, dueRules: rules.dueRules, calendar: rules.calendar });
    const templates = templatesOf(asOf, rules);
    if (!templates) {
      const debtors = await this.inputs.debtors(m, range, { asOf, lastPeriod, since });
      return { debtors, written: await this.accrue(m, debtors, asOf, rules, false) };
    }
    const fast = await this.fastPath.accrueRange(m, range, {
      asOf,
      lastPeriod,
      templates,
      since,
      tz: this.config.billing.timezone,
    });
    const written = fast.written + (await this.accrueByEngine(m, fast.leftToEngine, asOf, rules));
    return { debtors: fast.debtors, written };
  }

  /**
   * Stores the changed totals of the accounts on `asOf` (the unique key keeps a date's first answer);
   * returns the rows written. Plain unpaid accounts go through the set-based fast path (byte-identical
   * rows, see PenaltyFastPathRepository) unless `fastPath` is false; the rest through the engine.
   */
  async accrue(
    m: EntityManager,
    accountIds: string[],
    asOf: string,
    rules: PenaltyRules,
    fastPath = true,
  ): Promise<number> {
    let rest = accountIds;
    let written = 0;
    const templates = fastPath ? templatesOf(asOf, rules) : null;
    if (templates) {
      const lastPeriod = lastOverduePeriod({ asOf, dueRules: rules.dueRules, calendar: rules.calendar });
      const fast = await this.fastPath.accrue(m, accountIds, { asOf, lastPeriod, templates });
      written += fast.written;
      rest = accountIds.filter((id) => !fast.handled.has(id));
    }
    return written + (await this.accrueByEngine(m, rest, asOf, rules));
  }

  /** The engine's totals of the accounts, stored where they changed; returns the rows written. */
  private async accrueByEngine(
    m: EntityManager,
    accountIds: string[],
    asOf: string,
    rules: PenaltyRules,
  ): Promise<number> {
    if (accountIds.length === 0) return 0;
    const results = await this.results(m, accountIds, asOf, rules);
    const previous = await this.accruals.previousTotals(m, accountIds, asOf);
    const rows = [...results].flatMap(([accountId, result]) =>
      accrualChanges({ result, previous: previous.get(accountId) ?? new Map() }).map((c) => ({
        ...c,
        accountId,
      })),
    );
    return this.accruals.insert(m, asOf, rows);
  }
}

// Templates per rules object (never mutated once loaded) and date, as the delay plans.
const templateMemos = new WeakMap<PenaltyRules, Map<string, UnpaidTemplates | null>>();

function templatesOf(asOf: string, rules: PenaltyRules): UnpaidTemplates | null {
  let byDate = templateMemos.get(rules);
  if (!byDate) templateMemos.set(rules, (byDate = new Map()));
  if (!byDate.has(asOf)) {
    const lastPeriod = lastOverduePeriod({ asOf, dueRules: rules.dueRules, calendar: rules.calendar });
    byDate.set(asOf, unpaidDebtTemplates({ asOf, lastPeriod, rules }));
  }
  return byDate.get(asOf)!;
}
