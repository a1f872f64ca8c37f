import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import yauzl from 'yauzl';
import { Role } from '../../src/common/auth/roles';
import { parsePaymentQr } from '../../src/modules/documents/qr/payment-qr.parse';
import { renderPaymentDocumentPdf } from '../../src/modules/documents/payment-document.render';
import { aBuilding, aBuildingService, anAccount, anOrganisation, aPremises } from '../factories/estate';
import { aBillingRun } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { nextIdsCrossADigit } from '../utils/db';
import { readPdf } from '../utils/pdf';
import { startTestWorker } from '../utils/worker';
import { Job } from 'bullmq';
import { DocumentChunkProcessor } from '../../src/modules/documents/jobs/document-chunk.processor';
import { DocumentChunkJobData } from '../../src/modules/documents/jobs/document-runs.queue';

process.env.PENALTY_NIGHTLY_CRON = 'off';
process.env.DOCUMENTS_CHUNK_SIZE = '2';

const PERIOD = '2026-03';

/** Charge lines of 2026-03 as a billing run writes them: metered cold water, hot water by norm ×1.5, electricity. */
async function marchCharges(
  db: DataSource,
  accountId: string,
  buildingId: string,
  runId: string,
): Promise<void> {
  const rows: [string, string, string, string, string, string, string | null, string, object][] = [
    ['cold_water', 'metered', '5.000', 'm3', '50.000000', '250.00', null, '0', {}],
    [
      'hot_water',
      'norm',
      '6.000',
      'm3',
      '200.000000',
      '1800.00',
      '1.500',
      '600.00',
      { norm: '3.000000', normBasis: 'per_person', residents: 2 },
    ],
    ['electricity', 'metered', '150.000', 'kWh', '1.936000', '290.40', null, '0', {}],
  ];
  for (const [service, method, volume, unit, tariff, amount, k, extra, basis] of rows) {
    await db.query(
      `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount,
                                 coefficient, coefficient_amount, basis)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        `${PERIOD}-01`,
        accountId,
        buildingId,
        service,
        runId,
        method,
        volume,
        unit,
        tariff,
        amount,
        k,
        extra,
        JSON.stringify(basis),
      ],
    );
  }
}

async function aPayment(db: DataSource, accountId: string, amount: string, paidOn: string): Promise<void> {
  await db.query(
    `INSERT INTO payments (account_id, amount, paid_on, channel, created_by) VALUES ($1, $2, $3, 'bank', 'test')`,
    [accountId, amount, paidOn],
  );
}

/** Reads the ZIP's entry names. */
function zipEntries(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

const binary = (
  res: NodeJS.ReadableStream & { setEncoding: (e: string) => void; on: (...a: unknown[]) => unknown },
  cb: (e: Error | null, b: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('payment documents (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let staff: Record<string, string>;
  let reader: Record<string, string>;
  let orgId: string;
  let buildingId: string;
  let accounts: string[];

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
    staff = await sut.as(Role.Specialist);
    reader = await sut.as(Role.Auditor);
    const db = sut.db;
    orgId = await anOrganisation(db, { name: 'ООО «УК Пример»', inn: '7700000000', kpp: '770001001' });
    const supplier = await anOrganisation(db, {
      name: 'АО «Энергосбыт»',
      inn: '7700000001',
      kpp: '770101001',
      settlement_account: '40702810000000000002',
    });
    buildingId = await aBuilding(db, { organisation_id: orgId, address: 'г. Москва, ул. Примерная, д. 1' });
    await aBuildingService(db, {
      building_id: buildingId,
      service_code: 'electricity',
      supplier_organisation_id: supplier,
    });
    const run = await aBillingRun(db, PERIOD);
    const febRun = await aBillingRun(db, '2026-02');
    accounts = [];
    for (let i = 1; i <= 3; i++) {
      const premises = await aPremises(db, { building_id: buildingId, number: String(i) });
      const id = await anAccount(db, {
        premises_id: premises,
        number: `100000${i}`,
        holder_name: `Петров${i} Пётр Петрович`,
      });
      accounts.push(id);
      if (i === 3) continue; // no charges in March: a failure with its reason
      await marchCharges(db, id, buildingId, run);
      await db.query(
        `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ('2026-02-01', $1, $2, 'cold_water', $3, 'metered', 4, 'm3', 50, 200.00, '{}')`,
        [id, buildingId, febRun],
      );
      await aPayment(db, id, '150.00', '2026-02-25');
      await aPayment(db, id, `${i}00.00`, '2026-03-12');
    }
    // A posted recalculation of February's cold water, posted into March, on the first account.
    const [recalc] = await db.query(
      `INSERT INTO recalculations (kind, reason_code, reason, account_id, corrected_from, corrected_to, posting_period,
                                   status, amount, basis, created_by, created_by_id, posted_at)
       VALUES ('absence', 'absence', 'Временное отсутствие (п. 86 Правил № 354)', $1, '2026-02-01', '2026-02-01',
               '2026-03-01', 'posted', -25.50, '{}', 'test', 'test', now()) RETURNING id, number`,
      [accounts[0]],
    );
    await db.query(
      `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code,
                                        volume_delta, unit, tariff, amount_delta, formula, basis)
       VALUES ($1, $2, '2026-03-01', '2026-02-01', 'cold_water', -0.51, 'm3', 50, -25.50, '-0.51 × 50', '{}')`,
      [recalc.id, accounts[0]],
    );
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  async function finished(runId: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 600; i++) {
      const res = await sut.http().get(`/api/v1/document-runs/${runId}`).set(reader).expect(200);
      if (!['queued', 'running'].includes(res.body.status)) return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`document run ${runId} did not finish`);
  }

  const pdfOf = async (id: string, headers = reader): Promise<Buffer> =>
    (
      await sut
        .http()
        .get(`/api/v1/payment-documents/${id}/pdf`)
        .set(headers)
        .buffer(true)
        .parse(binary as never)
        .expect(200)
    ).body as Buffer;

  let runId: string;
  let docs: {
    id: string;
    accountId: string;
    number: string;
    totalDue: string;
    status: string;
    pdfSha256: string;
  }[];

  it('issues a building for a period through the batch job: progress, failures with reasons, numbers', async () => {
    const res = await sut
      .http()
      .post('/api/v1/document-runs')
      .set(staff)
      .send({ period: PERIOD, buildingId })
      .expect(202);
    runId = res.body.id;
    expect(res.body).toMatchObject({ period: PERIOD, scope: 'building', total: 3 });
    const run = await finished(runId);
    expect(run).toMatchObject({
      status: 'completed_with_errors',
      total: 3,
      done: 3,
      issued: 2,
      alreadyIssued: 0,
      failed: 1,
      failures: [{ accountId: accounts[2], code: 'PAYMENT_DOCUMENT_NO_CHARGES' }],
      chunks: { pending: 0, running: 0, done: 2, failed: 0 },
      buildingIds: [buildingId],
    });
    const list = await sut.http().get(`/api/v1/payment-documents?runId=${runId}`).set(reader).expect(200);
    docs = list.body.items;
    // The worker rendered and stored every PDF (not left to the first download).
    expect(docs.map((d) => d.pdfSha256)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    const year = new Date().getFullYear();
    expect(docs.map((d) => [d.accountId, d.number, d.status])).toEqual([
      [accounts[0], `${year}-000001`, 'current'],
      [accounts[1], `${year}-000002`, 'current'],
    ]);
  });

  it('each PDF carries the totals of the ledger, and one readable QR per payee', async () => {
    const turnover = await sut
      .http()
      .get(`/api/v1/reports/turnover?period=${PERIOD}&buildingId=${buildingId}`)
      .set(reader)
      .expect(200);
    for (const [i, d] of docs.entries()) {
      // Opening 200.00 − 150.00 = 50.00; March 250.00 + 1800.00 + 290.40 = 2340.40; paid (i+1)·100.
      const recalculated = i === 0 ? '-25.50' : '0.00';
      const expected = (50 + 2340.4 + Number(recalculated) - (i + 1) * 100).toFixed(2);
      expect(d.totalDue).toBe(expected);
      const row = turnover.body.rows.find((r: { accountId: string }) => r.accountId === d.accountId);
      expect(row.closingDebt).toBe(expected);
      const full = (await sut.http().get(`/api/v1/payment-documents/${d.id}`).set(reader).expect(200)).body;
      expect(full.content.balance).toEqual({
        openingDebt: '50.00',
        charged: '1740.40',
        coefficientAmount: '600.00',
        recalculated,
        penalty: '0.00',
        paid: `${i + 1}00.00`,
        totalDue: expected,
        dueDate: '2026-04-15',
      });
      const pdf = readPdf(await pdfOf(d.id));
      expect(pdf.text).toContain(`ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ № ${d.number} за март 2026`);
      expect(pdf.text).toContain(`100000${i + 1}`);
      expect(pdf.text).toContain(
        `ИТОГО К ОПЛАТЕ: ${Number(expected).toLocaleString('ru-RU', { minimumFractionDigits: 2 }).replace(/\s/g, ' ').replace(',', '.')} руб. до 15.04.2026`,
      );
      expect(pdf.text).toContain('Уведомление');
      if (i === 0) expect(pdf.text).toContain('Временное отсутствие (п. 86 Правил № 354)');
      expect(pdf.qr).toHaveLength(2);
      const [uk, energy] = pdf.qr.map(parsePaymentQr);
      expect([uk.name, uk.persAcc, uk.fields.PaymPeriod, uk.fields.TechCode]).toEqual([
        'ООО «УК Пример»',
        `100000${i + 1}`,
        '032026',
        '02',
      ]);
      expect([energy.name, energy.sum]).toEqual(['АО «Энергосбыт»', '290.40']);
      expect((Number(uk.sum) * 100 + Number(energy.sum) * 100) / 100).toBeCloseTo(Number(expected), 2);
    }
  });

  it('reprints are byte-identical whatever changes later, and equal a re-render of the frozen content', async () => {
    const d = docs[0];
    const first = await pdfOf(d.id);
    await sut.db.query(`UPDATE accounts SET holder_name = 'Другой Владелец' WHERE id = $1`, [d.accountId]);
    await sut.db.query(`UPDATE organisations SET name = 'ООО «Новое имя»' WHERE id = $1`, [orgId]);
    await aPayment(sut.db, d.accountId, '1.00', '2026-03-20');
    const again = await pdfOf(d.id, staff);
    expect(again.equals(first)).toBe(true);
    const full = (await sut.http().get(`/api/v1/payment-documents/${d.id}`).set(reader).expect(200)).body;
    expect((await renderPaymentDocumentPdf(full.content)).equals(first)).toBe(true);
    const audit = await sut.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'download' AND entity = 'payment_document' AND entity_id = $1`,
      [d.id],
    );
    expect(audit[0].n).toBeGreaterThanOrEqual(2);
    await expect(
      sut.db.query(`UPDATE payment_documents SET total_due = 0 WHERE id = $1`, [d.id]),
    ).rejects.toThrow(/frozen/);
    await expect(
      sut.db.query(`UPDATE payment_documents SET pdf = '\\x00', pdf_sha256 = repeat('0', 64) WHERE id = $1`, [
        d.id,
      ]),
    ).rejects.toThrow(/frozen/);
  });

  it('a repeated batch issues nothing new (idempotent)', async () => {
    const res = await sut
      .http()
      .post('/api/v1/document-runs')
      .set(staff)
      .send({ period: PERIOD, accountIds: accounts.slice(0, 2) })
      .expect(202);
    expect(await finished(res.body.id)).toMatchObject({
      status: 'completed',
      issued: 0,
      alreadyIssued: 2,
      failed: 0,
    });
    const all = await sut.http().get(`/api/v1/payment-documents?period=${PERIOD}`).set(reader).expect(200);
    expect(all.body.items).toHaveLength(2);
  });

  it('a correction references and supersedes the old document; the old one cannot be corrected again', async () => {
    const old = docs[1];
    const res = await sut
      .http()
      .post(`/api/v1/payment-documents/${old.id}/corrections`)
      .set(staff)
      .send({ reason: 'Ошибка в показаниях' })
      .expect(201);
    const year = new Date().getFullYear();
    expect(res.body).toMatchObject({
      number: `${year}-000003`,
      supersedesId: old.id,
      status: 'current',
      correctionReason: 'Ошибка в показаниях',
    });
    expect(res.body.content.supersedes).toEqual({
      id: old.id,
      number: old.number,
      reason: 'Ошибка в показаниях',
    });
    const before = (await sut.http().get(`/api/v1/payment-documents/${old.id}`).set(reader).expect(200)).body;
    expect(before).toMatchObject({ status: 'superseded', supersededById: res.body.id });
    expect(readPdf(await pdfOf(res.body.id)).text).toContain(`заменяет № ${old.number}`);
    const again = await sut
      .http()
      .post(`/api/v1/payment-documents/${old.id}/corrections`)
      .set(staff)
      .send({ reason: 'ещё раз' })
      .expect(409);
    expect(again.body.code).toBe('PAYMENT_DOCUMENT_SUPERSEDED');
  });

  it('the building ZIP holds its current documents; downloads are audited', async () => {
    const res = await sut
      .http()
      .get(`/api/v1/document-runs/${runId}/buildings/${buildingId}/zip`)
      .set(reader)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(res.headers['content-type']).toContain('application/zip');
    const names = await zipEntries(res.body as Buffer);
    const year = new Date().getFullYear();
    expect(names).toEqual([`epd-${year}-000001-1000001.pdf`, `epd-${year}-000003-1000002.pdf`]);
  });

  it('numbers stay gapless under concurrent issuing (refusals take no number)', async () => {
    const db = sut.db;
    const b2 = await aBuilding(db, { organisation_id: orgId });
    const run = await aBillingRun(db, '2026-01');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await aPremises(db, { building_id: b2 });
      const id = await anAccount(db, { premises_id: p });
      if (i % 4 !== 3)
        await db.query(
          `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ('2026-01-01', $1, $2, 'maintenance', $3, 'area', 54.3, 'm2', 30, 1629.00, '{}')`,
          [id, b2, run],
        );
      ids.push(id);
    }
    const results = await Promise.all(
      ids.map((accountId) =>
        sut.http().post('/api/v1/payment-documents').set(staff).send({ accountId, period: '2026-01' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 201, 422, 422]);
    const year = new Date().getFullYear();
    const seqs = results
      .filter((r) => r.status === 201)
      .map((r) => r.body.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual([4, 5, 6, 7, 8, 9]);
    const [{ last }] = await db.query(
      `SELECT last_number AS last FROM payment_document_counters WHERE organisation_id = $1 AND year = $2`,
      [orgId, year],
    );
    expect(last).toBe(9);
    const dup = await sut
      .http()
      .post('/api/v1/payment-documents')
      .set(staff)
      .send({ accountId: ids[0], period: '2026-01' })
      .expect(409);
    expect(dup.body.code).toBe('PAYMENT_DOCUMENT_ALREADY_ISSUED');
    expect(results.find((r) => r.status === 422)!.body.code).toBe('PAYMENT_DOCUMENT_NO_CHARGES');
  });

  it('a batch and single issues at the same time share one gapless sequence', async () => {
    const db = sut.db;
    const run = await aBillingRun(db, '2026-02');
    const accountsOf = async (n: number) => {
      const b = await aBuilding(db, { organisation_id: orgId });
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = await anAccount(db, { premises_id: await aPremises(db, { building_id: b }) });
        await db.query(
          `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
           VALUES ('2026-02-01', $1, $2, 'maintenance', $3, 'area', 54.3, 'm2', 30, 1629.00, '{}')`,
          [id, b, run],
        );
        ids.push(id);
      }
      return { b, ids };
    };
    const batch = await accountsOf(5);
    const single = await accountsOf(4);
    const [started, ...singles] = await Promise.all([
      sut.http().post('/api/v1/document-runs').set(staff).send({ period: '2026-02', buildingId: batch.b }),
      ...single.ids.map((accountId) =>
        sut.http().post('/api/v1/payment-documents').set(staff).send({ accountId, period: '2026-02' }),
      ),
    ]);
    expect(started.status).toBe(202);
    expect(singles.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(await finished(started.body.id)).toMatchObject({ status: 'completed', issued: 5 });
    const seqs: { seq: number }[] = await db.query(
      `SELECT seq FROM payment_documents WHERE organisation_id = $1 ORDER BY seq`,
      [orgId],
    );
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs).toHaveLength(9 + 9);
  });

  it('chunks span buildings (and organisations): gapless numbers per organisation; a re-run chunk issues nothing twice', async () => {
    const db = sut.db;
    const run = await aBillingRun(db, '2026-01');
    const orgP = await anOrganisation(db);
    const orgQ = await anOrganisation(db);
    const estate: [string, number][] = [
      [await aBuilding(db, { organisation_id: orgP }), 1],
      [await aBuilding(db, { organisation_id: orgQ }), 2],
      [await aBuilding(db, { organisation_id: orgP }), 2],
    ];
    const ids: string[] = [];
    for (const [b, n] of estate) {
      for (let i = 0; i < n; i++) {
        const id = await anAccount(db, { premises_id: await aPremises(db, { building_id: b }) });
        ids.push(id);
        if (ids.length === 5) continue; // no charges: a failure, in the last chunk
        await db.query(
          `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
           VALUES ('2026-01-01', $1, $2, 'maintenance', $3, 'area', 54.3, 'm2', 30, 1629.00, '{}')`,
          [id, b, run],
        );
      }
    }
    const [b1, b2, b3] = estate.map(([b]) => b);
    const res = await sut
      .http()
      .post('/api/v1/document-runs')
      .set(staff)
      .send({ period: '2026-01', accountIds: [...ids].reverse() })
      .expect(202);
    expect(await finished(res.body.id)).toMatchObject({
      status: 'completed_with_errors',
      total: 5,
      done: 5,
      issued: 4,
      failed: 1,
      failures: [{ accountId: ids[4], code: 'PAYMENT_DOCUMENT_NO_CHARGES' }],
      // DOCUMENTS_CHUNK_SIZE = 2: 5 accounts of 3 buildings are 3 chunks, not 3 buildings' worth of 4.
      chunks: { pending: 0, running: 0, done: 3, failed: 0 },
      buildingIds: [b1, b2, b3],
    });
    const chunks: { id: string; chunk_no: number; account_ids: string[]; building_ids: string[] }[] =
      await db.query(
        `SELECT id::text, chunk_no, account_ids::text[], building_ids::text[] FROM document_run_chunks
          WHERE run_id = $1 ORDER BY chunk_no`,
        [res.body.id],
      );
    expect(chunks.map((c) => [c.chunk_no, c.account_ids, c.building_ids])).toEqual([
      [0, [ids[0], ids[1]], [b1, b2]],
      [1, [ids[2], ids[3]], [b2, b3]],
      [2, [ids[4]], [b3]],
    ]);
    const numbers = async () =>
      db.query(
        `SELECT organisation_id::text AS org, account_id::text AS account, seq FROM payment_documents
          WHERE organisation_id = ANY($1::bigint[]) ORDER BY organisation_id, seq`,
        [[orgP, orgQ]],
      );
    // Each organisation's own gapless sequence. Chunks run concurrently (each organisation's
    // account of chunk 0 and of chunk 1 may be numbered in either order), so the test fixes which
    // accounts each organisation numbered and that its numbers are exactly 1..2.
    const issued: { org: string; account: string; seq: number }[] = await numbers();
    const byOrg = (org: string) => issued.filter((r) => r.org === org);
    expect(byOrg(orgP).map((r) => r.seq)).toEqual([1, 2]);
    expect(byOrg(orgQ).map((r) => r.seq)).toEqual([1, 2]);
    expect(
      byOrg(orgP)
        .map((r) => r.account)
        .sort(),
    ).toEqual([ids[0], ids[3]].sort());
    expect(
      byOrg(orgQ)
        .map((r) => r.account)
        .sort(),
    ).toEqual([ids[1], ids[2]].sort());
    expect(issued).toHaveLength(4);
    // A chunk run again (a retried or duplicated job after its commit): nothing issued twice.
    await db.query(`UPDATE document_run_chunks SET status = 'running' WHERE id = $1`, [chunks[1].id]);
    const again = await worker.get(DocumentChunkProcessor).process({
      data: { runId: res.body.id, chunkId: chunks[1].id },
      attemptsMade: 0,
      opts: { attempts: 1 },
    } as Job<DocumentChunkJobData>);
    expect(again).toEqual({ issued: 0, alreadyIssued: 2, failed: 0 });
    expect(await numbers()).toEqual(issued);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM payment_documents WHERE account_id = ANY($1::bigint[]) AND pdf IS NOT NULL`,
      [ids],
    );
    expect(n).toBe(4);
  });

  it('role checks: staff issue, readers read, the settlement centre sees no personal data', async () => {
    const centre = await sut.as(Role.SettlementCentre);
    await sut
      .http()
      .get(`/api/v1/payment-documents/preview?accountId=${accounts[0]}&period=${PERIOD}`)
      .set(centre)
      .expect(403);
    await sut.http().get(`/api/v1/payment-documents/${docs[0].id}/pdf`).set(centre).expect(403);
    await sut
      .http()
      .post('/api/v1/payment-documents')
      .set(reader)
      .send({ accountId: accounts[2], period: PERIOD })
      .expect(403);
    await sut
      .http()
      .post('/api/v1/document-runs')
      .set(reader)
      .send({ period: PERIOD, all: true })
      .expect(403);
    const preview = await sut
      .http()
      .get(`/api/v1/payment-documents/preview?accountId=${accounts[0]}&period=${PERIOD}`)
      .set(reader)
      .expect(200);
    expect(preview.body).toMatchObject({ number: null, issuedOn: null, period: PERIOD });
    expect(Object.keys(preview.body.payer).sort()).toEqual([
      'address',
      'area',
      'name',
      'premisesNumber',
      'residents',
    ]);
  });

  it('bad input is refused with stable codes and changes nothing', async () => {
    const count = async () => (await sut.db.query(`SELECT count(*)::int AS n FROM payment_documents`))[0].n;
    const before = await count();
    const cases: [string, string, object | undefined, number, string | undefined][] = [
      ['post', '/api/v1/payment-documents', { accountId: accounts[0], period: '2026-13' }, 400, undefined],
      [
        'post',
        '/api/v1/payment-documents',
        { accountId: '999999', period: PERIOD },
        404,
        'ACCOUNT_NOT_FOUND',
      ],
      [
        'post',
        '/api/v1/document-runs',
        { period: PERIOD, all: true, buildingId },
        400,
        'DOCUMENT_RUN_SCOPE_REQUIRED',
      ],
      ['post', '/api/v1/document-runs', { period: PERIOD }, 400, 'DOCUMENT_RUN_SCOPE_REQUIRED'],
      ['post', '/api/v1/document-runs', { period: PERIOD, buildingId: '999999' }, 404, 'BUILDING_NOT_FOUND'],
      ['get', '/api/v1/payment-documents/999999', undefined, 404, 'PAYMENT_DOCUMENT_NOT_FOUND'],
      ['get', '/api/v1/document-runs/999999', undefined, 404, 'DOCUMENT_RUN_NOT_FOUND'],
      ['post', `/api/v1/payment-documents/${docs[0].id}/corrections`, { reason: '' }, 400, undefined],
    ];
    for (const [method, url, body, status, code] of cases) {
      const req = method === 'post' ? sut.http().post(url).send(body) : sut.http().get(url);
      const res = await req.set(staff);
      expect([url, res.status]).toEqual([url, status]);
      if (code) expect(res.body.code).toBe(code);
    }
    expect(await count()).toBe(before);
  });

  it('notice texts are data with validity: readers list, a supervisor adds, overlaps are refused', async () => {
    const list = await sut.http().get('/api/v1/document-notices').set(reader).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ validFrom: '2020-01-01', validTo: null });
    const body = { validFrom: '2027-01-01', text: 'Новый текст', source: 'test' };
    await sut.http().post('/api/v1/document-notices').set(staff).send(body).expect(403);
    const boss = await sut.as(Role.Supervisor);
    const overlap = await sut.http().post('/api/v1/document-notices').set(boss).send(body).expect(409);
    expect(overlap.body.code).toBe('DOCUMENT_NOTICE_OVERLAP');
    await sut
      .http()
      .post('/api/v1/document-notices')
      .set(boss)
      .send({ ...body, validFrom: 'x' })
      .expect(400);
  });

  it('pages follow the numeric id across a digit boundary (ids 10^k − 1, 10^k)', async () => {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b = await aBuilding(db, { organisation_id: org });
    const run = await aBillingRun(db, '2026-01');
    const ids: string[] = [];
    await nextIdsCrossADigit(db, 'payment_documents');
    for (let i = 0; i < 2; i++) {
      const accountId = await anAccount(db, { premises_id: await aPremises(db, { building_id: b }) });
      await db.query(
        `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ('2026-01-01', $1, $2, 'maintenance', $3, 'area', 54.3, 'm2', 30, 1629.00, '{}')`,
        [accountId, b, run],
      );
      const res = await sut
        .http()
        .post('/api/v1/payment-documents')
        .set(staff)
        .send({ accountId, period: '2026-01' })
        .expect(201);
      ids.push(res.body.id);
    }
    expect(ids[1]).toBe(`1${'0'.repeat(ids[0].length)}`);
    const page = (after?: string) =>
      sut
        .http()
        .get(`/api/v1/payment-documents?buildingId=${b}&limit=1${after ? `&after=${after}` : ''}`)
        .set(reader)
        .expect(200);
    const first = (await page()).body;
    expect([first.items.map((d: { id: string }) => d.id), first.nextAfter]).toEqual([[ids[0]], ids[0]]);
    const second = (await page(ids[0])).body;
    expect([second.items.map((d: { id: string }) => d.id), second.nextAfter]).toEqual([[ids[1]], null]);
  });

  it('reads a payment QR for payment matching (case-insensitive names); refuses text that is none', async () => {
    const res = await sut
      .http()
      .post('/api/v1/payment-documents/qr/parse')
      .set(await sut.as(Role.SettlementCentre))
      .send({ payload: 'ST00012|Name=ООО "УК Пример"|persacc=1000001|SUM=512345|paymPeriod=0926|' })
      .expect(200);
    expect(res.body).toMatchObject({
      persAcc: '1000001',
      sum: '5123.45',
      paymPeriod: '0926',
      accountId: accounts[0],
    });
    const bad = await sut
      .http()
      .post('/api/v1/payment-documents/qr/parse')
      .set(staff)
      .send({ payload: 'hello world' });
    expect([bad.status, bad.body.code]).toEqual([400, 'QR_PAYLOAD_INVALID']);
  });
});
