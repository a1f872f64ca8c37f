import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  aNorm,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { TestApp } from '../utils/create-test-app';

/** Test data for the recalculation tests: a building, its accounts, and charge lines written by SQL. */
export interface Estate {
  org: string;
  building: string;
  premises: string[];
  accounts: string[];
}

/** A building with cold water (metered), solid waste (norm 0.16 m³/person × 600.00) and maintenance (30.00/m²). */
export async function anEstate(db: DataSource, residents = [2, 3]): Promise<Estate> {
  const org = await anOrganisation(db);
  const building = await aBuilding(db, { organisation_id: org });
  for (const s of ['cold_water', 'solid_waste', 'maintenance']) {
    await aBuildingService(db, { building_id: building, service_code: s, supplier_organisation_id: org });
  }
  await aTariff(db, { service_code: 'cold_water', price: '50.000000', organisation_id: org });
  await aTariff(db, { service_code: 'solid_waste', price: '600.000000', organisation_id: org });
  await aTariff(db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
  await aNorm(db, { service_code: 'solid_waste', value: '0.16', basis: 'per_person' });
  await aNorm(db, { service_code: 'cold_water', value: '4.85', basis: 'per_person' });
  const premises: string[] = [];
  const accounts: string[] = [];
  for (const [i, count] of residents.entries()) {
    const p = await aPremises(db, { building_id: building, number: String(i + 1), area: '50.00' });
    premises.push(p);
    accounts.push(await anAccount(db, { premises_id: p }, [{ from: '2020-01-01', count }]));
  }
  return { org, building, premises, accounts };
}

export async function aCompletedRun(db: DataSource, period: string): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO billing_runs (period, status, buildings_total, requested_by) VALUES ($1, 'completed', 1, 'test') RETURNING id`,
    [`${period}-01`],
  );
  return String(row.id);
}

export interface LineSpec {
  account: string;
  service: string;
  method: string;
  volume: string;
  unit: string;
  tariff: string;
  amount: string;
  basis?: Record<string, unknown>;
  zone?: string | null;
  part?: number;
}

/** Charge lines of a period for the estate's building, inserted as a completed run would. */
export async function chargeLines(
  db: DataSource,
  e: Estate,
  period: string,
  lines: LineSpec[],
): Promise<string[]> {
  const run = await aCompletedRun(db, period);
  const ids: string[] = [];
  for (const l of lines) {
    const [row] = await db.query(
      `INSERT INTO charge_lines (period, account_id, building_id, service_code, zone, part, run_id, method, volume, unit, tariff, amount, basis)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        `${period}-01`,
        l.account,
        e.building,
        l.service,
        l.zone ?? null,
        l.part ?? 1,
        run,
        l.method,
        l.volume,
        l.unit,
        l.tariff,
        l.amount,
        JSON.stringify(l.basis ?? {}),
      ],
    );
    ids.push(String(row.id));
  }
  return ids;
}

/** Marks a period closed directly (closing through the API needs a full run; tested elsewhere). */
export async function closePeriod(db: DataSource, period: string): Promise<void> {
  await db.query(
    `INSERT INTO billing_periods (period, status, closed_at, closed_by) VALUES ($1, 'closed', now(), 'test')`,
    [`${period}-01`],
  );
}

let users = 0;
/** A further user with the role (sut.as gives one user per role), logged in. */
export async function anotherUser(sut: TestApp, role: Role): Promise<Record<string, string>> {
  const login = `${role}-extra-${++users}-${Date.now()}`;
  const password = 'correct horse battery staple';
  await request(sut.app.getHttpServer())
    .post('/api/v1/users')
    .set(sut.admin)
    .send({ login, fullName: `Second ${role}`, role, password })
    .expect(201);
  const res = await sut.http().post('/api/v1/auth/login').send({ login, password }).expect(200);
  return { Authorization: `Bearer ${res.body.accessToken}` };
}
