import { DataSource } from 'typeorm';
import { addMonths } from 'src/shared/period';

/**
 * The demo estate, written set-based (generate_series): one managing organisation, 3 buildings with
 * 100 accounts each, cold/hot water and electricity meters (every third electricity meter two-zone),
 * a year of monthly readings before the billed period, tariffs and norms. About 5 % of the meters
 * miss the billed month's reading (billed by norm); 5 % of the flats have no hot-water meter.
 * Idempotent: an estate already present is left as it is.
 */
export const DEMO_ORGANISATION_INN = '5001000002';

export interface EstateShape {
  buildings: number;
  perBuilding: number;
  /** Leave 5 % of the flats without a hot-water meter (the demo; the benchmark meters every flat). */
  hotWaterGaps: boolean;
}

export async function seedDemoEstate(
  db: DataSource,
  period: string,
  shape: EstateShape = { buildings: 3, perBuilding: 100, hotWaterGaps: true },
): Promise<boolean> {
  const { buildings, perBuilding } = shape;
  const [exists] = await db.query(`SELECT id FROM organisations WHERE inn = $1`, [DEMO_ORGANISATION_INN]);
  if (exists) return false;
  await db.transaction(async (m) => {
    const [org] = await m.query(
      `INSERT INTO organisations (name, inn, kpp, bank_name, bic, correspondent_account, settlement_account)
       VALUES ('ООО «УК Демо»', $1, '500101001', 'ПАО Сбербанк', '044525225', '30101810400000000225', '40702810938000000001')
       RETURNING id`,
      [DEMO_ORGANISATION_INN],
    );
    await m.query(
      `INSERT INTO buildings (organisation_id, address)
       SELECT $1, 'г. Подольск, ул. Демонстрационная, д. ' || b FROM generate_series(1, $2) b`,
      [org.id, buildings],
    );
    await m.query(
      `INSERT INTO building_services (building_id, service_code, supplier_organisation_id, valid_from)
       SELECT b.id, s.code, $1, '2020-01-01' FROM buildings b CROSS JOIN services s
        WHERE b.organisation_id = $1 AND s.code IN ('cold_water', 'hot_water', 'sewerage', 'electricity', 'heating', 'maintenance', 'solid_waste')`,
      [org.id],
    );
    await m.query(
      `INSERT INTO tariffs (service_code, zone, price, valid_from, organisation_id) VALUES
         ('cold_water', NULL, 52.230000, '2020-01-01', $1), ('hot_water', NULL, 245.670000, '2020-01-01', $1),
         ('sewerage', NULL, 40.500000, '2020-01-01', $1), ('electricity', NULL, 6.430000, '2020-01-01', $1),
         ('electricity', 'T1', 7.120000, '2020-01-01', $1), ('electricity', 'T2', 2.840000, '2020-01-01', $1),
         ('heating', NULL, 2850.120000, '2020-01-01', $1), ('maintenance', NULL, 32.150000, '2020-01-01', $1),
         ('solid_waste', NULL, 987.650000, '2020-01-01', $1)`,
      [org.id],
    );
    await m.query(
      `INSERT INTO norms (service_code, value, basis, valid_from)
       SELECT * FROM (VALUES ('cold_water', 6.935, 'per_person', DATE '2020-01-01'), ('hot_water', 4.745, 'per_person', DATE '2020-01-01'),
                             ('electricity', 100, 'per_person', DATE '2020-01-01'), ('heating', 0.0163, 'per_m2', DATE '2020-01-01'),
                             ('solid_waste', 0.16, 'per_person', DATE '2020-01-01')) v
        WHERE NOT EXISTS (SELECT 1 FROM norms n WHERE n.service_code = v.column1 AND n.organisation_id IS NULL AND n.building_id IS NULL)`,
    );
    await seedPremisesAndMeters(m, org.id, perBuilding, shape.hotWaterGaps);
    await seedReadings(m, org.id, period);
  });
  return true;
}

async function seedPremisesAndMeters(
  m: DataSource['manager'],
  orgId: string,
  perBuilding: number,
  hotWaterGaps: boolean,
): Promise<void> {
  await m.query(
    `INSERT INTO premises (building_id, number, area, kind)
     SELECT b.id, n::text, 28.40 + (n * 37 % 61) + (n % 4) * 0.25, 'residential'
       FROM buildings b CROSS JOIN generate_series(1, $2) n WHERE b.organisation_id = $1`,
    [orgId, perBuilding],
  );
  await m.query(
    `INSERT INTO accounts (premises_id, number, holder_name, opened_on)
     SELECT p.id, 'ДМ' || lpad(p.building_id::text, 6, '0') || lpad(p.number, 4, '0'), 'Абонент кв. ' || p.number, '2020-01-01'
       FROM premises p JOIN buildings b ON b.id = p.building_id WHERE b.organisation_id = $1`,
    [orgId],
  );
  await m.query(
    `INSERT INTO account_residents (account_id, valid_from, count)
     SELECT a.id, '2020-01-01', 1 + (a.id % 4) FROM accounts a JOIN premises p ON p.id = a.premises_id
       JOIN buildings b ON b.id = p.building_id WHERE b.organisation_id = $1`,
    [orgId],
  );
  await m.query(
    `INSERT INTO meters (kind, building_id, premises_id, service_code, serial_number, model, zones, digits, installed_on,
                         verified_on, verification_interval_years, next_verification_on, seal_number)
     SELECT 'individual', p.building_id, p.id, s.service, s.prefix || '-' || p.id, s.model,
            CASE WHEN s.service = 'electricity' AND p.id % 3 = 0 THEN 2 ELSE 1 END, s.digits,
            '2024-01-15', '2024-01-15', s.years, ('2024-01-15'::date + make_interval(years => s.years))::date, 'П-' || p.id
       FROM premises p JOIN buildings b ON b.id = p.building_id
       CROSS JOIN (VALUES ('cold_water', 'ХВ', 'СВК-15Х', 5, 6), ('hot_water', 'ГВ', 'СВК-15Г', 5, 4),
                          ('electricity', 'ЭЛ', 'Меркурий 201', 6, 16)) s(service, prefix, model, digits, years)
      WHERE b.organisation_id = $1 AND NOT ($2 AND s.service = 'hot_water' AND p.id % 20 = 7)`,
    [orgId, hotWaterGaps],
  );
}

/** Twelve months of readings before the period and the period's own (5 % of meters miss it). */
async function seedReadings(m: DataSource['manager'], orgId: string, period: string): Promise<void> {
  const first = `${addMonths(period, -12)}-01`;
  await m.query(
    `INSERT INTO meter_readings (meter_id, zone, value, taken_on, period, kind, channel, created_by)
     SELECT mt.id, z.zone,
            round(CASE mt.service_code WHEN 'cold_water' THEN 3.2 + (mt.id % 7) * 0.611
                                       WHEN 'hot_water' THEN 2.1 + (mt.id % 5) * 0.437
                                       ELSE (95 + (mt.id % 11) * 13.5) * CASE z.zone WHEN 'T1' THEN 1 ELSE 0.45 END END * k, 3),
            (month + interval '19 days')::date, month::date,
            'regular', 'subscriber', 'demo'
       FROM meters mt JOIN buildings b ON b.id = mt.building_id
       CROSS JOIN LATERAL (SELECT 'T1' AS zone UNION ALL SELECT 'T2' WHERE mt.zones = 2) z
       CROSS JOIN LATERAL generate_series($2::date, $3::date, interval '1 month') WITH ORDINALITY AS g(month, k0)
       CROSS JOIN LATERAL (SELECT (k0 - 1)::int AS k) kk
      WHERE b.organisation_id = $1 AND NOT (month = $3::date AND mt.id % 20 = 3)`,
    [orgId, first, `${period}-01`],
  );
}
