import { Role } from '../../src/common/auth/roles';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Windows-1251 bytes of a text with ASCII and Cyrillic А–я, Ё, ё. */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      return c - 0x410 + 0xc0;
    }),
  );
}

/** Registries, opening balances, ledger and turnover over HTTP: bodies, encodings, downloads, roles. */
describe('payment registries, opening balances, ledger, turnover (e2e)', () => {
  let sut: TestApp;
  let acc: { accountId: string; number: string; buildingId: string; organisationId: string };

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    acc = await anEstateAccount(sut.db);
    await aCharges(sut.db, acc.accountId, '2025-01', { cold_water: '100.00' });
  });
  afterAll(async () => {
    await sut.close();
  });

  const upload = async (bytes: Buffer | string, type = 'text/csv', role = Role.Specialist) =>
    sut
      .http()
      .post('/api/v1/payment-registries?fileName=sber.txt')
      .set(await sut.as(role))
      .set('Content-Type', type)
      .send(bytes);

  it('imports a Windows-1251 registry sent as text/csv (no charset) and serves its result and report', async () => {
    const text = `Лицевой счёт;Период;Сумма;Дата;Номер\r\n${acc.number};012025;40,00;20.03.2025;Ж-1\r\nЛС404;;1;20.03.2025;Ж-2\r\n=;2;41,00\r\n`;
    const res = await upload(cp1251(text));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'sber.txt',
      encoding: 'windows-1251',
      lines: 2,
      accepted: 1,
      rejected: 1,
      total: '41.00',
      controlOk: true,
    });
    expect(res.body.results[0]).toMatchObject({
      accountNumber: acc.number,
      bankPaymentId: 'Ж-1',
      status: 'accepted',
    });
    const auditor = await sut.as(Role.Auditor);
    const got = await sut.http().get(`/api/v1/payment-registries/${res.body.id}`).set(auditor).expect(200);
    expect(got.body).toEqual(res.body);
    const report = await sut
      .http()
      .get(`/api/v1/payment-registries/${res.body.id}/report.csv`)
      .set(auditor)
      .expect(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toContain(`payment-registry-${res.body.id}-report.csv`);
    expect(report.text.split('\r\n')[2]).toBe(
      '3;ЛС404;;1;20.03.2025;Ж-2;rejected;;ACCOUNT_NOT_FOUND;Account ЛС404 not found',
    );
    const [audit] = await sut.db.query(
      `SELECT details->'fields' AS fields, (details->>'bodyBytes')::int > 0 AS sized FROM audit_log WHERE action LIKE 'POST /api/v1/payment-registries%'`,
    );
    expect(audit).toEqual({ fields: [], sized: true });
  });

  it('imports a UTF-8 registry sent as text/plain, by the settlement centre', async () => {
    const res = await upload(
      `h;h;h;h;h\n${acc.number};;10;2025-03-20;U-1\n=;1;10`,
      'text/plain',
      Role.SettlementCentre,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ encoding: 'utf-8', accepted: 1 });
  });

  it.each<[string, string, string, number, string]>([
    ['a JSON body', '{"a":1}', 'application/json', 400, 'REGISTRY_NOT_TEXT'],
    ['an empty body', '', 'text/csv', 400, 'REGISTRY_NOT_TEXT'],
    ['a file without a header', '123;;10;2025-03-20;U-1\n', 'text/csv', 400, 'REGISTRY_HEADER_INVALID'],
  ])('refuses %s', async (_name, b, type, status, code) => {
    const res = await upload(b, type);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  });

  it('keeps registries to their roles: auditors cannot upload, the settlement centre cannot read', async () => {
    expect((await upload('h;h;h;h;h\n', 'text/csv', Role.Auditor)).status).toBe(403);
    const res = await upload(`h;h;h;h;h\n${acc.number};;10;2025-03-20;R-1\n`);
    await sut
      .http()
      .get(`/api/v1/payment-registries/${res.body.id}`)
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
    const missing = await sut
      .http()
      .get('/api/v1/payment-registries/999999999')
      .set(await sut.as(Role.Auditor));
    expect({ status: missing.status, code: missing.body.code }).toEqual({
      status: 404,
      code: 'PAYMENT_REGISTRY_NOT_FOUND',
    });
  });

  it('imports opening balances (200) in Windows-1251 and shows them in the ledger', async () => {
    const text = `Счёт;Период;Услуга;Сумма;Вид\n${acc.number};2024-12;heating;200,00;principal\n`;
    const res = await sut
      .http()
      .post('/api/v1/opening-balances?source=1С')
      .set(await sut.as(Role.Supervisor))
      .set('Content-Type', 'text/csv')
      .send(cp1251(text));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ encoding: 'windows-1251', lines: 1, accepted: 1 });
    const ledger = await sut
      .http()
      .get(`/api/v1/accounts/${acc.accountId}/ledger?from=2024-12&to=2025-01`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(
      ledger.body.rows.map((r: Record<string, string>) => [
        r.period,
        r.serviceCode,
        r.imported,
        r.charged,
        r.closingBalance,
      ]),
    ).toEqual([
      ['2024-12', 'heating', '200.00', '0.00', '200.00'],
      ['2025-01', 'cold_water', '0.00', '100.00', '100.00'],
    ]);
    expect(ledger.body.closingPrincipal).toBe('300.00');
    const denied = await sut
      .http()
      .post('/api/v1/opening-balances')
      .set(await sut.as(Role.SettlementCentre))
      .set('Content-Type', 'text/csv')
      .send(text);
    expect(denied.status).toBe(403);
  });

  it('answers the ledger with 400 for a bad range and 404 for an unknown account', async () => {
    const h = await sut.as(Role.Specialist);
    const bad = await sut.http().get(`/api/v1/accounts/${acc.accountId}/ledger?from=2025-13`).set(h);
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const reversed = await sut
      .http()
      .get(`/api/v1/accounts/${acc.accountId}/ledger?from=2025-02&to=2025-01`)
      .set(h);
    expect({ status: reversed.status, code: reversed.body.code }).toEqual({
      status: 400,
      code: 'LEDGER_RANGE_INVALID',
    });
    await sut.http().get('/api/v1/accounts/999999999/ledger').set(h).expect(404);
  });

  it('serves the turnover sheet as JSON and as a CSV download', async () => {
    const h = await sut.as(Role.Auditor);
    const json = await sut
      .http()
      .get(`/api/v1/reports/turnover?period=2025-01&buildingId=${acc.buildingId}`)
      .set(h)
      .expect(200);
    expect(json.body.totals).toEqual({
      openingDebt: '0.00',
      imported: '0.00',
      charged: '100.00',
      recalculated: '0.00',
      paid: '0.00',
      closingDebt: '100.00',
    });
    const csv = await sut
      .http()
      .get(`/api/v1/reports/turnover?period=2025-01&organisationId=${acc.organisationId}&format=csv`)
      .set(h)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('turnover-2025-01.csv');
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(-2),
    ).toEqual(['total;;;;0.00;0.00;100.00;0.00;0.00;100.00', '']);
    const none = await sut.http().get('/api/v1/reports/turnover?period=2025-01').set(h);
    expect({ status: none.status, code: none.body.code }).toEqual({
      status: 400,
      code: 'TURNOVER_SCOPE_REQUIRED',
    });
    const unknown = await sut
      .http()
      .get('/api/v1/reports/turnover?period=2025-01&buildingId=999999999')
      .set(h);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({
      status: 404,
      code: 'BUILDING_NOT_FOUND',
    });
    await sut
      .http()
      .get(`/api/v1/reports/turnover?period=2025-01&buildingId=${acc.buildingId}`)
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
  });
});
