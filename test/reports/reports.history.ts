import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  aMeter,
  anAccount,
  aNorm,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { TestApp } from '../utils/create-test-app';
import { waitForRun } from '../utils/worker';

/** The ids of the small history the report tests read. */
export interface History {
  org: string;
  b1: string;
  b2: string;
  accounts: string[];
  meters: Record<string, string>;
}

export const B1_ADDRESS = 'г. Тест, ул. Первая, д. 1';
export const B2_ADDRESS = 'г. Тест, ул. Вторая, д. 2';

/**
 * Two buildings of one organisation. B1: maintenance 30.00/m² and solid waste by norm (0.16 m³ ×
 * persons × 600.00); B2: maintenance only. A1 (B1, 50 m², 2 persons) 1 500.00 + 192.00 = 1 692.00 a
 * month; A2 (B1, 40 m², 3 persons) 1 200.00 + 288.00 = 1 488.00; A3 (B2, 60 m²) 1 800.00.
 *
 * Through the API and the worker: billing runs for 2025-01 and 2025-02; a manual recalculation of
 * −250.00 on A3's February maintenance; payments: A1 1 692.00 on 05.02 naming January, A2 1 000.00 on
 * 10.02 naming nothing (January pro rata: maintenance 806.45, solid waste 193.55), A1 1 692.00 on
 * 05.03 naming February; the penalty run of 31.03.2025 and the penalty lines of March 2025
 * (January debts 19 days at 1/300 × 9.5 %: A2 488.00 → 2.94, A3 1 800.00 → 10.83); then A3's June 2023
 * maintenance debt of 500.00 imported as an opening balance. Meters (SQL).
 */
export async function buildHistory(sut: TestApp): Promise<History> {
  const db = sut.db;
  const org = await anOrganisation(db, { name: 'ООО «УК Отчётная»' });
  const b1 = await aBuilding(db, { organisation_id: org, address: B1_ADDRESS });
  const b2 = await aBuilding(db, { organisation_id: org, address: B2_ADDRESS });
  for (const [b, s] of [
    [b1, 'maintenance'],
    [b1, 'solid_waste'],
    [b2, 'maintenance'],
  ]) {
    await aBuildingService(db, { building_id: b, service_code: s, supplier_organisation_id: org });
  }
  await aTariff(db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
  await aTariff(db, { service_code: 'solid_waste', price: '600.000000', organisation_id: org });
  await aNorm(db, { service_code: 'solid_waste', value: '0.16', basis: 'per_person' });
  const accounts: string[] = [];
  for (const [b, number, area, persons] of [
    [b1, '1', '50.00', 2],
    [b1, '2', '40.00', 3],
    [b2, '3', '60.00', 1],
  ] as const) {
    const p = await aPremises(db, { building_id: b, number, area });
    accounts.push(await anAccount(db, { premises_id: p }, [{ from: '2020-01-01', count: persons }]));
  }

  const staff = await sut.as(Role.Specialist);
  for (const period of ['2025-01', '2025-02']) {
    const run = await sut.http().post('/api/v1/billing-runs').set(staff).send({ period }).expect(202);
    expect(await waitForRun(sut, run.body.id, staff)).toMatchObject({ status: 'completed' });
  }
  await sut
    .http()
    .post('/api/v1/recalculations/manual')
    .set(staff)
    .send({
      accountId: accounts[2],
      serviceCode: 'maintenance',
      period: '2025-02',
      amount: '-250.00',
      reason: 'act 7 of 20.02.2025: area measured again',
    })
    .expect(201);
  const pay = (key: string, body: object) =>
    sut.http().post('/api/v1/payments').set(staff).set('Idempotency-Key', key).send(body).expect(201);
  await pay('rep-1', {
    accountId: accounts[0],
    amount: '1692.00',
    paidOn: '2025-02-05',
    channel: 'bank',
    period: '2025-01',
  });
  await pay('rep-2', { accountId: accounts[1], amount: '1000.00', paidOn: '2025-02-10', channel: 'cash' });
  await pay('rep-3', {
    accountId: accounts[0],
    amount: '1692.00',
    paidOn: '2025-03-05',
    channel: 'online',
    period: '2025-02',
  });

  const boss = await sut.as(Role.Supervisor);
  await sut.http().post('/api/v1/penalty-runs').set(boss).send({ asOf: '2025-03-31' }).expect(202);
  await penaltyRunFinished(sut, '2025-03-31');
  await sut.http().post('/api/v1/penalty-charges').set(boss).send({ period: '2025-03' }).expect(200);
  // A3's debt migrated from the previous system after the penalty lines: June 2023 maintenance 500.00.
  const [{ number }] = await db.query(`SELECT number FROM accounts WHERE id = $1`, [accounts[2]]);
  const balances = `account;period;service;amount;kind\n${number};2023-06;maintenance;500.00;principal\n`;
  const imported = await sut
    .http()
    .post('/api/v1/opening-balances?source=old')
    .set(staff)
    .set('Content-Type', 'text/csv')
    .send(balances)
    .expect(200);
  expect(imported.body).toMatchObject({ accepted: 1 });

  const [p1, p2, p3] = (
    await db.query(`SELECT id::text AS id FROM premises WHERE building_id IN ($1, $2) ORDER BY number`, [
      b1,
      b2,
    ])
  ).map((r: { id: string }) => r.id);
  const meters = {
    overdue: await aMeter(db, {
      building_id: b1,
      premises_id: p1,
      service_code: 'cold_water',
      next_verification_on: '2025-03-20',
    }),
    dueB1: await aMeter(db, {
      building_id: b1,
      premises_id: p2,
      service_code: 'hot_water',
      next_verification_on: '2025-04-15',
    }),
    later: await aMeter(db, {
      building_id: b1,
      premises_id: p1,
      service_code: 'hot_water',
      next_verification_on: '2025-05-01',
    }),
    dueB2: await aMeter(db, { building_id: b2, service_code: 'heating', next_verification_on: '2025-04-30' }),
    gone: await aMeter(db, {
      building_id: b2,
      premises_id: p3,
      service_code: 'cold_water',
      next_verification_on: '2025-01-10',
      status: 'decommissioned',
      decommissioned_on: '2025-02-01',
    }),
  };
  return { org, b1, b2, accounts, meters };
}

async function penaltyRunFinished(sut: TestApp, date: string): Promise<void> {
  const reader = await sut.as(Role.Auditor);
  for (let i = 0; i < 600; i++) {
    const res = await sut.http().get(`/api/v1/penalty-runs/${date}`).set(reader).expect(200);
    if (res.body.status !== 'running') {
      expect(res.body.status).toBe('completed');
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`penalty run ${date} did not finish`);
}

/** CSV body → lines without the BOM and the final line break. */
export function csvLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
}
