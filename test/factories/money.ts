import { DataSource } from 'typeorm';
import { aBuilding, anAccount, anOrganisation, aPremises } from './estate';

/**
 * Builders of money data with plain SQL (charges, opening balances): independent of the billing run
 * and of the API under test. Periods are 'YYYY-MM'; amounts decimal strings.
 */
/** A completed billing run of the period (charge lines need one for run_id). */
export async function aBillingRun(db: DataSource, period: string): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO billing_runs (period, status, buildings_total, requested_by)
     VALUES ($1, 'completed', 0, 'test') RETURNING id::text AS id`,
    [`${period}-01`],
  );
  return row.id as string;
}

/** Charge lines of an account: one per service, e.g. aCharges(db, acc, '2025-01', { cold_water: '100.00' }). */
export async function aCharges(
  db: DataSource,
  accountId: string,
  period: string,
  amounts: Record<string, string>,
): Promise<void> {
  const [{ building_id }] = await db.query(
    `SELECT p.building_id::text AS building_id FROM accounts a JOIN premises p ON p.id = a.premises_id WHERE a.id = $1`,
    [accountId],
  );
  const runId = await aBillingRun(db, period);
  for (const [service, amount] of Object.entries(amounts)) {
    await db.query(
      `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
       VALUES ($1, $2, $3, $4, $5, 'area', 1, 'm2', $6, $6, '{}')`,
      [`${period}-01`, accountId, building_id, service, runId, amount],
    );
  }
}

export async function anOpeningBalance(
  db: DataSource,
  o: { account_id: string; period: string; service_code: string; amount: string; kind?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO opening_balances (account_id, period, service_code, kind, amount, source, created_by)
     VALUES ($1, $2, $3, $4, $5, 'test', 'test')`,
    [o.account_id, `${o.period}-01`, o.service_code, o.kind ?? 'principal', o.amount],
  );
}

/** An organisation, a building, premises and an account; returns their ids and the account number. */
export async function anEstateAccount(
  db: DataSource,
  o: { number?: string; organisation_id?: string; building_id?: string } = {},
): Promise<{ organisationId: string; buildingId: string; accountId: string; number: string }> {
  const organisationId = o.organisation_id ?? (await anOrganisation(db));
  const buildingId = o.building_id ?? (await aBuilding(db, { organisation_id: organisationId }));
  const premisesId = await aPremises(db, { building_id: buildingId });
  const accountId = await anAccount(db, {
    premises_id: premisesId,
    ...(o.number ? { number: o.number } : {}),
  });
  const [{ number }] = await db.query(`SELECT number FROM accounts WHERE id = $1`, [accountId]);
  return { organisationId, buildingId, accountId, number };
}
