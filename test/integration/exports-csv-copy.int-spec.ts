import { Role, Scope } from '../../src/common/auth/roles';
import { PERIOD_ROWS_SQL } from '../../src/modules/exports/consumption.sql';
import { csvHeader, csvLine } from '../../src/modules/exports/domain/consumption-format';
import {
  buildConsumptionRow,
  ConsumptionSqlRow,
} from '../../src/modules/exports/domain/consumption-row.build';
import { aSmallEstate, rebill, SmallEstate } from '../factories/consumption';
import { aMeter, aReading } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * The CSV download is formatted by PostgreSQL (binary COPY of whole lines): it must be byte for byte
 * the file the row builder and `csvLine` write from the cursor's rows (the JSONL/XML path), on data
 * made to hit every rule — quoting (';', '"', CR, LF), percent-encoding in the readings and deltas
 * cells, trailing zeros of readings, steps the builder skips, channel lookups, repeated tariffs,
 * NULLs, personal data on and off.
 */
describe('CSV export formatted by PostgreSQL (integration)', () => {
  const period = '2026-03';
  let sut: TestApp;
  let estate: SmallEstate;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    estate = await aSmallEstate(sut.db, 1, 3);
    const [a0, a1, a2] = estate.accounts[0];
    const building = estate.buildings[0];
    await sut.db.query(`UPDATE accounts SET holder_name = $2 WHERE id = $1`, [a0, 'Смит; "Джо"\r\nмл. %|,']);
    await sut.db.query(`UPDATE accounts SET holder_name = $2 WHERE id = $1`, [a1, "O'Нил\tТаб \\ слэш"]);
    await sut.db.query(`UPDATE buildings SET address = $2 WHERE id = $1`, [building, 'ул. "Новая", д. 1;2']);
    const meter = await aMeter(sut.db, { building_id: building, service_code: 'electricity' });
    await aReading(sut.db, {
      meter_id: meter,
      zone: 'T1',
      value: '10.5',
      taken_on: '2026-02-20',
      period: '2026-02-01',
      channel: 'subscriber',
    });
    await aReading(sut.db, {
      meter_id: meter,
      zone: 'T2',
      value: '20',
      taken_on: '2026-03-20',
      period: '2026-03-01',
      channel: 'file_import',
    });
    const step = (o: Record<string, unknown>) => ({
      meterId: meter,
      serialNumber: 'S|1,%;',
      zone: 'T1',
      from: { value: '10.500000', takenOn: '2026-02-20' },
      to: { value: '20.000', takenOn: '2026-03-20' },
      ...o,
    });
    await rebill(sut.db, period, building, [
      {
        accountId: a0,
        serviceCode: 'electricity',
        zone: 'T1',
        amount: '100.10',
        volume: '9.5',
        unit: 'kWh',
        method: 'metered',
        tariff: '7.12',
        basis: {
          readings: [
            step({}),
            step({ zone: 'T2', from: { value: '20', takenOn: '2026-03-20' } }), // single reading
            step({ meterId: Number(meter), serialNumber: undefined }), // no channel, no serial
            step({ to: { value: 20, takenOn: '2026-03-20' } }), // skipped: value is a number
            step({ to: { takenOn: '2026-03-20' } }), // skipped: no value
            step({ zone: undefined, from: { value: '-0.50', takenOn: '2026-02-20' } }), // zone defaults to T1
            step({ from: { value: '1e5', takenOn: null }, to: { value: '7.', takenOn: '2026-03-20' } }),
            step({
              from: { value: '100.0', takenOn: '2026-03-20' },
              to: { value: '3.0', takenOn: '2026-03-20' },
            }),
            'junk',
            null,
            [step({})],
          ],
        },
      },
      {
        accountId: a0,
        serviceCode: 'electricity',
        zone: 'T2',
        amount: '50.05',
        volume: '3',
        unit: 'kWh',
        method: 'metered',
        tariff: '2.84',
        basis: { readings: [step({ zone: 'T2', serialNumber: 'second "zone"' })] },
      },
      {
        accountId: a0,
        serviceCode: 'electricity',
        zone: 'T2',
        part: 2,
        amount: '1.00',
        volume: '1',
        unit: 'kWh',
        method: 'metered',
        tariff: '7.12',
        basis: { readings: 'not an array' },
      },
      {
        accountId: a0,
        serviceCode: 'maintenance',
        amount: '10.00',
        volume: '50.00',
        basis: { readings: {} },
      },
      { accountId: a1, serviceCode: 'maintenance', amount: '0.00', volume: '0', tariff: '0' },
      { accountId: a2, serviceCode: 'solid_waste', amount: '-3.30', method: 'norm', unit: 'm3' },
    ]);
    const specialist = await sut.as(Role.Specialist);
    for (const [amount, reason] of [
      ['-25.50', 'акт 12; перерасчёт, п. 3 | 100%'],
      ['1.01', 'строка "в кавычках"\r\nвторая'],
    ]) {
      await sut
        .http()
        .post('/api/v1/recalculations/manual')
        .set(specialist)
        .send({ accountId: a0, serviceCode: 'maintenance', period, amount, reason, postingPeriod: '2026-04' })
        .expect(201);
    }
  });
  afterAll(async () => sut.close());

  async function key(scopes: Scope[]): Promise<Record<string, string>> {
    const res = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: Role.SettlementCentre, scopes })
      .expect(201);
    return { 'X-API-Key': res.body.key };
  }

  /** What the row builder writes from the cursor query's rows (the JSONL/XML path). */
  async function expected(pii: boolean): Promise<string> {
    const rows: ConsumptionSqlRow[] = await sut.db.query(PERIOD_ROWS_SQL, [
      `${period}-01`,
      '0',
      '',
      pii,
      null,
    ]);
    return csvHeader() + rows.map((r) => csvLine(buildConsumptionRow(r))).join('');
  }

  it.each([
    ['without', [Scope.ExportsRead], false],
    ['with', [Scope.ExportsRead, Scope.PiiRead], true],
  ])('writes byte for byte the CSV of the row builder, %s personal data', async (_, scopes, pii) => {
    const headers = await key(scopes as Scope[]);
    const file = await sut
      .http()
      .get('/api/v1/exports/consumption')
      .query({ period, format: 'csv' })
      .set(headers)
      .buffer(true)
      .expect(200);
    const want = await expected(pii as boolean);
    expect(file.text).toBe(want);
    // the data really hits the rules (so equality above is not vacuous)
    expect(want).toContain(
      'S%7C1%2C%25;|T1|10.5|2026-02-20|20|2026-03-20||subscriber,S%7C1%2C%25;|T2|||20|2026-03-20|file_import|',
    );
    expect(want).toContain('7.120000/2.840000');
    if (pii) expect(want).toContain('"Смит; ""Джо""\r\nмл. %|,"');
    const manifest = await sut
      .http()
      .get('/api/v1/exports/consumption/manifest')
      .query({ period, format: 'csv' })
      .set(headers)
      .expect(200);
    expect(manifest.body).toMatchObject({ rows: 4, bytes: Buffer.byteLength(want, 'utf8') });
  });

  it('answers an empty period with the header only', async () => {
    const file = await sut
      .http()
      .get('/api/v1/exports/consumption')
      .query({ period: '2025-01', format: 'csv' })
      .set(await key([Scope.ExportsRead]))
      .buffer(true)
      .expect(200);
    expect(file.text).toBe(csvHeader());
  });
});
