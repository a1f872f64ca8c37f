import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/configuration';
import { PenaltyRules } from '../domain/penalty-rules.types';
import { PenaltyRulesService } from '../rules/penalty-rules.service';
import { PenaltyAccrualService } from './penalty-accrual.service';
import { PenaltyAccrualsRepository } from './penalty-accruals.repository';
import { PenaltyFastPathRepository } from './penalty-fast-path.repository';
import { PenaltyInputsRepository } from './penalty-inputs.repository';
import { PenaltyRunsRepository } from './penalty-runs.repository';

/** The rules a run's chunks use: read once per digest, shared by the chunks that start together. */
describe('PenaltyAccrualService: the rules of a run', () => {
  const emptyRules = (): PenaltyRules => ({
    keyRates: [],
    caps: [],
    moratoria: [],
    fractions: [],
    dueRules: [],
    calendar: [],
  });

  function setUp() {
    let digest = 'd1';
    const loads: PenaltyRules[] = [];
    let failNext = false;
    const rules = {
      rulesDigest: jest.fn(async () => digest),
      loadRules: jest.fn(async () => {
        await new Promise((r) => setImmediate(r)); // the six tables take a while
        if (failNext) {
          failNext = false;
          throw new Error('connection lost');
        }
        const r = emptyRules();
        loads.push(r);
        return r;
      }),
    };
    // Every chunk is found done under its lock: the rules are read, nothing is accrued.
    const m = {};
    const db = { transaction: async <T>(fn: (m: unknown) => Promise<T>) => fn(m) };
    const runs = { lockChunk: jest.fn(async () => undefined) };
    const sut = new PenaltyAccrualService(
      db as unknown as DataSource,
      rules as unknown as PenaltyRulesService,
      {} as PenaltyInputsRepository,
      {} as PenaltyAccrualsRepository,
      runs as unknown as PenaltyRunsRepository,
      {} as PenaltyFastPathRepository,
      { billing: { timezone: 'Europe/Moscow' } } as AppConfig,
    );
    const chunk = (n: number) => sut.accrueChunk('2026-11-27', n, { first: '1', last: '5' });
    return {
      sut,
      rules,
      loads,
      chunk,
      setDigest: (d: string) => (digest = d),
      failNextLoad: () => (failNext = true),
    };
  }

  it('chunks that start together share one load of the tables', async () => {
    const { rules, chunk } = setUp();
    const outcomes = await Promise.all([chunk(0), chunk(1), chunk(2)]);
    expect(outcomes).toEqual([0, 1, 2].map(() => ({ skipped: true, accounts: 0, rows: 0 })));
    expect(rules.rulesDigest).toHaveBeenCalledTimes(3);
    expect(rules.loadRules).toHaveBeenCalledTimes(1);
  });

  it('warmed at start-up, the first chunk only checks the digest; a new digest loads again', async () => {
    const { sut, rules, chunk, setDigest } = setUp();
    await sut.warmRules();
    expect(rules.loadRules).toHaveBeenCalledTimes(1);
    await chunk(0);
    expect(rules.loadRules).toHaveBeenCalledTimes(1);
    setDigest('d2');
    await Promise.all([chunk(1), chunk(2)]);
    expect(rules.loadRules).toHaveBeenCalledTimes(2);
  });

  it('a failed load is not kept: warming never throws, the next chunk loads again', async () => {
    const { sut, rules, loads, chunk, failNextLoad } = setUp();
    failNextLoad();
    await expect(sut.warmRules()).resolves.toBeUndefined();
    await chunk(0);
    expect(rules.loadRules).toHaveBeenCalledTimes(2);
    expect(loads).toHaveLength(1);
  });
});
