import { DataSource, EntityManager } from 'typeorm';
import { aBuilding, anAccount, anOrganisation, aPremises } from './estate';

/**
 * Charge lines written by SQL the way a billing chunk writes them (delete the building's lines of the
 * period, insert the new ones in one statement), for export tests that need exact, fast data.
 */
export interface LineSpec {
  accountId: string;
  serviceCode: string;
  amount: string;
  volume?: string;
  zone?: string | null;
  part?: number;
  method?: string;
  unit?: string;
  tariff?: string;
  basis?: Record<string, unknown>;
}

export async function aFinalRun(db: DataSource | EntityManager, period: string): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO billing_runs (period, status, buildings_total, requested_by) VALUES ($1, 'completed', 1, 'test') RETURNING id`,
    [`${period}-01`],
  );
  return String(row.id);
}

/** Replaces the building's lines of the period in one transaction (like a billing chunk). */
export async function rebill(
  db: DataSource | EntityManager,
  period: string,
  buildingId: string,
  lines: LineSpec[],
): Promise<void> {
  const write = async (m: DataSource | EntityManager) => {
    const runId = await aFinalRun(m, period);
    await m.query(`DELETE FROM charge_lines WHERE period = $1 AND building_id = $2`, [
      `${period}-01`,
      buildingId,
    ]);
    if (!lines.length) return;
    await m.query(
      `INSERT INTO charge_lines (period, account_id, building_id, service_code, zone, part, run_id, method, volume, unit,
                                 tariff, amount, basis)
       SELECT $1, x."accountId", $2, x."serviceCode", x.zone, coalesce(x.part, 1), $3, coalesce(x.method, 'area'),
              coalesce(x.volume, 1), coalesce(x.unit, 'm2'), coalesce(x.tariff, 1), x.amount, coalesce(x.basis, '{}')
         FROM jsonb_to_recordset($4::jsonb) AS x("accountId" bigint, "serviceCode" text, zone text, part smallint,
              method text, volume numeric, unit text, tariff numeric, amount numeric, basis jsonb)`,
      [`${period}-01`, buildingId, runId, JSON.stringify(lines)],
    );
  };
  if (db instanceof DataSource) await db.transaction(write);
  else await write(db);
}

export interface SmallEstate {
  buildings: string[];
  /** Account ids per building, in id order. */
  accounts: string[][];
}

/** `buildings` buildings of `perBuilding` accounts each, numbered B<building>-<n>. */
export async function aSmallEstate(
  db: DataSource,
  buildings: number,
  perBuilding: number,
): Promise<SmallEstate> {
  const org = await anOrganisation(db);
  const out: SmallEstate = { buildings: [], accounts: [] };
  for (let b = 1; b <= buildings; b += 1) {
    const building = await aBuilding(db, {
      organisation_id: org,
      address: `г. Тверь, ул. Советская, д. ${b}`,
    });
    out.buildings.push(building);
    const accounts: string[] = [];
    for (let n = 1; n <= perBuilding; n += 1) {
      const premises = await aPremises(db, { building_id: building, number: String(n), area: '50.00' });
      accounts.push(
        await anAccount(db, { premises_id: premises, number: `B${b}-${n}`, holder_name: `Жилец ${b}-${n}` }),
      );
    }
    out.accounts.push(accounts);
  }
  return out;
}

/** Maintenance and waste lines for every account of a building, amounts derived from `base`. */
export function simpleLines(accounts: string[], base: number): LineSpec[] {
  return accounts.flatMap((accountId, i) => [
    { accountId, serviceCode: 'maintenance', amount: `${base + i}.00`, volume: '50.00' },
    { accountId, serviceCode: 'solid_waste', amount: `${base + i}.50`, method: 'norm', unit: 'm3' },
  ]);
}
