import { DataSource } from 'typeorm';

/**
 * Plain SQL builders for test data with overrides (fast, and independent of the API under test).
 * Each returns the new row's id as a string (bigint ids travel as strings).
 */
type Row = Record<string, unknown>;

async function insert(db: DataSource, table: string, values: Row): Promise<string> {
  const keys = Object.keys(values);
  const params = keys.map((_, i) => `$${i + 1}`);
  const [row] = await db.query(
    `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${params.join(', ')}) RETURNING id`,
    keys.map((k) => values[k]),
  );
  return String(row.id);
}

let seq = 0;
const next = () => ++seq;

export function anOrganisation(db: DataSource, o: Row = {}): Promise<string> {
  return insert(db, 'organisations', {
    name: `ООО «УК ${next()}»`,
    inn: '7707083893',
    kpp: `77070${String(next()).padStart(4, '0')}`,
    bank_name: 'ПАО Сбербанк',
    bic: '044525225',
    correspondent_account: '30101810400000000225',
    settlement_account: '40702810938000000001',
    ...o,
  });
}

export function aBuilding(db: DataSource, o: Row & { organisation_id: string }): Promise<string> {
  return insert(db, 'buildings', { address: `г. Москва, ул. Тестовая, д. ${next()}`, ...o });
}

export function aBuildingService(
  db: DataSource,
  o: Row & { building_id: string; service_code: string; supplier_organisation_id: string },
): Promise<string> {
  return insert(db, 'building_services', { valid_from: '2020-01-01', ...o });
}

export function aPremises(db: DataSource, o: Row & { building_id: string }): Promise<string> {
  return insert(db, 'premises', { number: String(next()), area: '54.30', kind: 'residential', ...o });
}

export async function anAccount(
  db: DataSource,
  o: Row & { premises_id: string },
  residents: { from: string; count: number }[] = [{ from: '2020-01-01', count: 2 }],
): Promise<string> {
  const id = await insert(db, 'accounts', {
    number: `ЛС${String(next()).padStart(8, '0')}`,
    holder_name: 'Иванов Иван Иванович',
    opened_on: '2020-01-01',
    ...o,
  });
  for (const r of residents) {
    await db.query(`INSERT INTO account_residents (account_id, valid_from, count) VALUES ($1, $2, $3)`, [
      id,
      r.from,
      r.count,
    ]);
  }
  return id;
}

export function aTariff(db: DataSource, o: Row & { service_code: string; price: string }): Promise<string> {
  return insert(db, 'tariffs', { valid_from: '2020-01-01', ...o });
}

export function aNorm(
  db: DataSource,
  o: Row & { service_code: string; value: string; basis: string },
): Promise<string> {
  return insert(db, 'norms', { valid_from: '2020-01-01', ...o });
}

export function aMeter(
  db: DataSource,
  o: Row & { building_id: string; service_code: string },
): Promise<string> {
  const verified = (o.verified_on as string | undefined) ?? '2024-01-15';
  const years = (o.verification_interval_years as number | undefined) ?? 6;
  const due = `${Number(verified.slice(0, 4)) + years}${verified.slice(4)}`;
  return insert(db, 'meters', {
    kind: o.premises_id ? 'individual' : 'common',
    serial_number: `SN-${next()}`,
    model: 'СГВ-15',
    zones: 1,
    digits: 5,
    installed_on: '2024-01-15',
    verified_on: verified,
    verification_interval_years: years,
    next_verification_on: due,
    ...o,
  });
}

export function aReading(
  db: DataSource,
  o: Row & { meter_id: string; value: string; taken_on: string; period: string },
): Promise<string> {
  return insert(db, 'meter_readings', {
    zone: 'T1',
    kind: 'regular',
    channel: 'specialist',
    created_by: 'test',
    ...o,
  });
}

/**
 * A meter with its initial reading of `initial` on every zone, taken on the installation day
 * (2025-01-15 unless overridden), as the meters API registers one.
 */
export async function aMeterWithInitialReadings(
  db: DataSource,
  o: Row & { building_id: string; service_code: string },
  initial = '100',
): Promise<string> {
  const installedOn = (o.installed_on as string | undefined) ?? '2025-01-15';
  const id = await aMeter(db, { installed_on: installedOn, ...o });
  for (const zone of ['T1', 'T2', 'T3'].slice(0, Number(o.zones ?? 1))) {
    await aReading(db, {
      meter_id: id,
      zone,
      value: initial,
      taken_on: installedOn,
      period: `${installedOn.slice(0, 7)}-01`,
      kind: 'initial',
    });
  }
  return id;
}
