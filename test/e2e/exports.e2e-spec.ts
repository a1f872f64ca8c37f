import { INestApplicationContext } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { get, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, Scope } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  anOrganisation,
  aMeter,
  aPremises,
  aReading,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

/**
 * The settlement-centre export end to end: a small estate billed through the real queue, downloaded
 * as CSV/JSONL/XML by API keys with and without personal data, checked against its manifest.
 */
describe('consumption exports (e2e)', () => {
  const period = '2026-03';
  let sut: TestApp;
  let worker: INestApplicationContext;
  let staff: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    staff = await sut.as(Role.Supervisor);
    await seed();
    await bill({ period });
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  async function seed(): Promise<void> {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b1 = (ids.b1 = await aBuilding(db, { organisation_id: org, address: 'г. Тверь, ул. Мира, д. 5' }));
    const b2 = (ids.b2 = await aBuilding(db, { organisation_id: org, address: 'г. Тверь, ул. Мира, д. 7' }));
    for (const s of ['cold_water', 'electricity', 'maintenance']) {
      await aBuildingService(db, { building_id: b1, service_code: s, supplier_organisation_id: org });
    }
    await aBuildingService(db, {
      building_id: b2,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    const tariffs: [string, string, string | null][] = [
      ['cold_water', '52.230000', null],
      ['electricity', '6.430000', null],
      ['electricity', '7.120000', 'T1'],
      ['electricity', '2.840000', 'T2'],
      ['maintenance', '32.150000', null],
    ];
    for (const [service_code, price, zone] of tariffs) {
      await aTariff(db, { service_code, price, zone, organisation_id: org });
    }
    const p1 = (ids.p1 = await aPremises(db, { building_id: b1, number: '1', area: '54.30' }));
    ids.a1 = await anAccount(db, { premises_id: p1, number: 'A-1', holder_name: 'Иванов Иван Иванович' });
    const cw1 = await aMeter(db, {
      building_id: b1,
      premises_id: p1,
      service_code: 'cold_water',
      serial_number: 'CW-1',
    });
    await reading(cw1, 'T1', '100.000', '2026-02-20');
    await reading(cw1, 'T1', '105.110', '2026-03-20', 'subscriber');
    const el1 = await aMeter(db, {
      building_id: b1,
      premises_id: p1,
      service_code: 'electricity',
      serial_number: 'EL-1',
      zones: 2,
      digits: 6,
    });
    await reading(el1, 'T1', '1000', '2026-02-20');
    await reading(el1, 'T2', '500', '2026-02-20');
    await reading(el1, 'T1', '1120.500', '2026-03-20');
    await reading(el1, 'T2', '560.250', '2026-03-20');

    const p2 = (ids.p2 = await aPremises(db, { building_id: b1, number: '2', area: '40.00' }));
    ids.a2 = await anAccount(db, { premises_id: p2, number: 'A-2', holder_name: 'Петрова; Анна' }, [
      { from: '2020-01-01', count: 1 },
    ]);
    const cw2 = await aMeter(db, {
      building_id: b1,
      premises_id: p2,
      service_code: 'cold_water',
      serial_number: 'CW-2',
    });
    await reading(cw2, 'T1', '50', '2026-02-20');
    await reading(cw2, 'T1', '53.5', '2026-03-20');
    const el2 = await aMeter(db, {
      building_id: b1,
      premises_id: p2,
      service_code: 'electricity',
      serial_number: 'EL-2',
    });
    await reading(el2, 'T1', '2000', '2026-02-20');
    await reading(el2, 'T1', '2150', '2026-03-20');

    const p3 = (ids.p3 = await aPremises(db, {
      building_id: b2,
      number: '1',
      area: '33.10',
      kind: 'non_residential',
    }));
    ids.a3 = await anAccount(db, { premises_id: p3, number: 'B-1', holder_name: 'ООО «Ромашка»' }, []);
  }

  const reading = (meter_id: string, zone: string, value: string, taken_on: string, channel = 'specialist') =>
    aReading(sut.db, { meter_id, zone, value, taken_on, channel, period: `${taken_on.slice(0, 7)}-01` });

  async function bill(body: object): Promise<void> {
    const res = await sut.http().post('/api/v1/billing-runs').set(staff).send(body).expect(202);
    expect(await waitForRun(sut, res.body.id, staff)).toMatchObject({ status: 'completed' });
  }

  async function apiKey(scopes: Scope[], role = Role.SettlementCentre): Promise<Record<string, string>> {
    const res = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: `РЦ ${scopes.join(' ')}`, role, scopes })
      .expect(201);
    return { 'X-API-Key': res.body.key };
  }

  const download = (headers: Record<string, string>, format: string) =>
    sut.http().get('/api/v1/exports/consumption').query({ period, format }).set(headers).buffer(true);

  it('writes the CSV of the estate exactly, without personal data for a key without pii:read', async () => {
    const key = await apiKey([Scope.ExportsRead]);
    const res = await download(key, 'csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const { a1, a2, a3, b1, b2, p1, p2, p3 } = ids;
    expect(res.text).toBe(
      [
        'period;account_number;account_id;building_id;premises_id;premises_number;holder_name;address;service_code;unit;method;residents;area;volume;volume_t1;volume_t2;volume_t3;tariff;amount;readings;recalculated;recalculations',
        // 5.110 m³ × 52.23 = 266.8953 → 266.90
        `2026-03;A-1;${a1};${b1};${p1};1;;;cold_water;m3;metered;2;54.30;5.110;;;;52.230000;266.90;CW-1|T1|100|2026-02-20|105.11|2026-03-20|subscriber|specialist;;`,
        // T1 120.5 kWh × 7.12 = 857.96, T2 60.25 kWh × 2.84 = 171.11
        `2026-03;A-1;${a1};${b1};${p1};1;;;electricity;kWh;metered;2;54.30;180.750;120.500;60.250;;7.120000/2.840000;1029.07;EL-1|T1|1000|2026-02-20|1120.5|2026-03-20|specialist|specialist,EL-1|T2|500|2026-02-20|560.25|2026-03-20|specialist|specialist;;`,
        // 54.30 m² × 32.15 = 1745.745 → 1745.75
        `2026-03;A-1;${a1};${b1};${p1};1;;;maintenance;m2;area;2;54.30;54.30;;;;32.150000;1745.75;;;`,
        // 3.5 m³ × 52.23 = 182.805 → 182.81
        `2026-03;A-2;${a2};${b1};${p2};2;;;cold_water;m3;metered;1;40.00;3.500;;;;52.230000;182.81;CW-2|T1|50|2026-02-20|53.5|2026-03-20|specialist|specialist;;`,
        `2026-03;A-2;${a2};${b1};${p2};2;;;electricity;kWh;metered;1;40.00;150.000;;;;6.430000;964.50;EL-2|T1|2000|2026-02-20|2150|2026-03-20|specialist|specialist;;`,
        `2026-03;A-2;${a2};${b1};${p2};2;;;maintenance;m2;area;1;40.00;40.00;;;;32.150000;1286.00;;;`,
        `2026-03;B-1;${a3};${b2};${p3};1;;;maintenance;m2;area;;33.10;33.10;;;;32.150000;1064.17;;;`,
        '',
      ].join('\r\n'),
    );
    expect(res.headers['x-export-personal-data']).toBe('false');
  });

  it('publishes a manifest whose checksum is that of the downloaded file, in every format', async () => {
    const key = await apiKey([Scope.ExportsRead, Scope.PiiRead]);
    for (const format of ['csv', 'jsonl', 'xml']) {
      const file = await download(key, format).expect(200);
      const body = Buffer.from(file.text, 'utf8');
      const manifest = await sut
        .http()
        .get('/api/v1/exports/consumption/manifest')
        .query({ period, format })
        .set(key)
        .expect(200);
      expect(manifest.body).toEqual({
        period,
        format,
        personalData: true,
        rows: 7,
        bytes: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      });
    }
  });

  it('sends rows and SHA-256 as HTTP trailers of the chunked download', async () => {
    const key = await apiKey([Scope.ExportsRead]);
    const server = sut.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const { body, trailers } = await new Promise<{ body: Buffer; trailers: NodeJS.Dict<string> }>(
      (ok, fail) => {
        get(
          { port, host: '127.0.0.1', path: `/api/v1/exports/consumption?period=${period}`, headers: key },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => ok({ body: Buffer.concat(chunks), trailers: res.trailers }));
          },
        ).on('error', fail);
      },
    );
    expect(trailers).toEqual({
      'x-export-rows': '7',
      'x-export-sha256': createHash('sha256').update(body).digest('hex'),
    });
  });

  it('shows personal data only with pii:read, and audits that export', async () => {
    const plain = await download(await apiKey([Scope.ExportsRead]), 'jsonl').expect(200);
    expect(plain.text).not.toContain('Иванов');
    expect(JSON.parse(plain.text.split('\n')[0])).toMatchObject({ holderName: null, address: null });

    const pii = await download(await apiKey([Scope.ExportsRead, Scope.PiiRead]), 'jsonl').expect(200);
    expect(JSON.parse(pii.text.split('\n')[0])).toMatchObject({
      holderName: 'Иванов Иван Иванович',
      address: 'г. Тверь, ул. Мира, д. 5, кв. 1',
    });
    expect(JSON.parse(pii.text.trimEnd().split('\n')[6])).toMatchObject({
      address: 'г. Тверь, ул. Мира, д. 7, пом. 1',
    });
    const audit = await sut.db.query(
      `SELECT actor_type, action, details FROM audit_log WHERE entity = 'exports' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual([
      {
        actor_type: 'api_key',
        action: 'GET /api/v1/exports/consumption',
        details: { period, rows: 7, format: 'jsonl', completed: true },
      },
    ]);
  });

  it('refuses keys without exports:read and roles outside the exchange', async () => {
    const noScope = await apiKey([Scope.ReadingsWrite]);
    for (const path of ['', '/manifest', '/pages']) {
      const res = await sut.http().get(`/api/v1/exports/consumption${path}`).query({ period }).set(noScope);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'MISSING_SCOPE', details: { missing: ['exports:read'] } });
    }
    const specialist = await sut.as(Role.Specialist);
    const res = await download(specialist, 'csv');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    // Staff pass on their role alone (no scopes on a JWT) and see personal data.
    const supervisor = await download(staff, 'jsonl').expect(200);
    expect(supervisor.text).toContain('Иванов Иван Иванович');
  });

  it('answers 304 to If-None-Match for an unchanged page', async () => {
    const key = await apiKey([Scope.ExportsRead]);
    const url = '/api/v1/exports/consumption/pages';
    const first = await sut.http().get(url).query({ period, limit: 4 }).set(key).expect(200);
    expect(first.headers.etag).toMatch(/^W\/"/);
    const again = await sut
      .http()
      .get(url)
      .query({ period, limit: 4 })
      .set({ ...key, 'If-None-Match': first.headers.etag })
      .expect(304);
    expect(again.text ?? '').toBe('');
    const next = await sut.http().get(url).query({ cursor: first.body.nextCursor }).set(key).expect(200);
    expect(next.headers.etag).not.toBe(first.headers.etag);
  });

  it('sends a re-run building to the incremental pull once, and logs every pull for supervisors', async () => {
    const key = await apiKey([Scope.ExportsRead]);
    const url = '/api/v1/exports/consumption/pages';
    const full = await sut.http().get(url).query({ period, limit: 100 }).set(key).expect(200);
    expect(full.body.items).toHaveLength(7);
    await bill({ period, buildingIds: [ids.b1] });
    const changed = await sut
      .http()
      .get(url)
      .query({ changedSince: full.body.changesCursor })
      .set(key)
      .expect(200);
    expect(
      changed.body.items.map(
        (i: { accountNumber: string; serviceCode: string }) => i.accountNumber + i.serviceCode,
      ),
    ).toEqual([
      'A-1cold_water',
      'A-1electricity',
      'A-1maintenance',
      'A-2cold_water',
      'A-2electricity',
      'A-2maintenance',
    ]);
    const none = await sut
      .http()
      .get(url)
      .query({ changedSince: changed.body.changesCursor })
      .set(key)
      .expect(200);
    expect(none.body.items).toEqual([]);

    const log = await sut.http().get('/api/v1/exports/pulls').query({ limit: 3 }).set(staff).expect(200);
    expect(log.body.items.map((p: { kind: string; rows: number }) => [p.kind, p.rows])).toEqual([
      ['changes', 0],
      ['changes', 6],
      ['page', 7],
    ]);
    expect(log.body.items[1]).toMatchObject({
      principalKind: 'api_key',
      period,
      cursorIn: full.body.changesCursor,
      cursorOut: changed.body.changesCursor,
      personalData: false,
    });
    await sut.http().get('/api/v1/exports/pulls').set(key).expect(403);
  });

  const xmllint = (() => {
    try {
      execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (xmllint ? it : it.skip)(
    'writes XML valid against docs/consumption-export.xsd (needs xmllint)',
    async () => {
      const file = await download(await apiKey([Scope.ExportsRead, Scope.PiiRead]), 'xml').expect(200);
      const path = join(mkdtempSync(join(tmpdir(), 'export-')), 'consumption.xml');
      writeFileSync(path, file.text);
      const xsd = join(__dirname, '../../docs/consumption-export.xsd');
      execFileSync('xmllint', ['--noout', '--schema', xsd, path], { stdio: 'pipe' });
      expect(file.text).toContain('<holderName>Петрова; Анна</holderName>');
    },
  );
});
