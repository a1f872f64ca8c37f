import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { nextIdsCrossADigit } from '../utils/db';
import { anEstate, anotherUser, chargeLines, closePeriod, Estate } from './recalculations.helpers';

/** Manual corrections with maker-checker, posting into open periods, reads and roles. */
describe('manual recalculations (e2e)', () => {
  let sut: TestApp;
  let e: Estate;
  let line: string;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    e = await anEstate(sut.db);
    [line] = await chargeLines(sut.db, e, '2026-03', [
      {
        account: e.accounts[0],
        service: 'maintenance',
        method: 'area',
        volume: '50.00',
        unit: 'm2',
        tariff: '30',
        amount: '1500.00',
      },
    ]);
  });
  afterAll(async () => {
    await sut.close();
  });

  const manual = async (amount: string, headers: Record<string, string>, status: number, extra = {}) =>
    sut
      .http()
      .post('/api/v1/recalculations/manual')
      .set(headers)
      .send({
        accountId: e.accounts[0],
        serviceCode: 'maintenance',
        period: '2026-03',
        amount,
        reason: 'act 12 of 15.03.2026',
        ...extra,
      })
      .expect(status);

  it('the threshold is data with validity: lowered to 100.00, a 250.00 correction waits for approval', async () => {
    const supervisor = await sut.as(Role.Supervisor);
    const rules = (
      await sut.http().get('/api/v1/recalculation-rules/manual-approval').set(supervisor).expect(200)
    ).body;
    expect(rules).toEqual([
      expect.objectContaining({ threshold: '1000.00', validFrom: '2011-09-01', validTo: null }),
    ]);
    await sut
      .http()
      .patch(`/api/v1/recalculation-rules/manual-approval/${rules[0].id}`)
      .set(supervisor)
      .send({ validTo: '2026-01-31' })
      .expect(200);
    const overlap = await sut
      .http()
      .post('/api/v1/recalculation-rules/manual-approval')
      .set(supervisor)
      .send({ threshold: '100.00', validFrom: '2026-01-01', source: 'order 7' })
      .expect(409);
    expect(overlap.body.code).toBe('MANUAL_APPROVAL_RULE_OVERLAP');
    await sut
      .http()
      .post('/api/v1/recalculation-rules/manual-approval')
      .set(await sut.as(Role.Specialist))
      .send({ threshold: '100.00', validFrom: '2026-02-01', source: 'order 7' })
      .expect(403);
    await sut
      .http()
      .post('/api/v1/recalculation-rules/manual-approval')
      .set(supervisor)
      .send({ threshold: '100.00', validFrom: '2026-02-01', source: 'order 7' })
      .expect(201);
    const res = await manual('-250.00', await sut.as(Role.Specialist), 201);
    expect(res.body).toMatchObject({ status: 'pending_approval', lines: [] });
    expect(res.body.basis).toMatchObject({ approvalThreshold: '100.00', needsApproval: true });
  });

  it('posts a correction within the threshold at once, linked to the charge line it corrects', async () => {
    const res = await manual('-250.00', await sut.as(Role.Specialist), 201);
    expect(res.body).toMatchObject({
      kind: 'manual',
      reasonCode: 'manual_correction',
      reason: 'act 12 of 15.03.2026',
      accountId: e.accounts[0],
      correctedFrom: '2026-03',
      correctedTo: '2026-03',
      postingPeriod: '2026-03',
      status: 'posted',
      amount: '-250.00',
      proposedLines: [],
    });
    expect(res.body.number).toMatch(/^ПР-\d{8}$/);
    expect(res.body.lines).toEqual([
      expect.objectContaining({
        chargeLineId: line,
        serviceCode: 'maintenance',
        amountDelta: '-250.00',
        correctedPeriod: '2026-03',
        postingPeriod: '2026-03',
        formula: 'manual correction -250.00',
      }),
    ]);
    const [original] = await sut.db.query(`SELECT amount::text FROM charge_lines WHERE id = $1`, [line]);
    expect(original.amount).toBe('1500.00');
  });

  it('threshold 1000.00: exactly posts, one kopeck more waits for a second supervisor', async () => {
    const maker = await sut.as(Role.Supervisor);
    expect((await manual('1000.00', maker, 201)).body.status).toBe('posted');
    const pending = (await manual('-1000.01', maker, 201)).body;
    expect(pending).toMatchObject({
      status: 'pending_approval',
      lines: [],
      proposedLines: [expect.objectContaining({ id: null, amountDelta: '-1000.01' })],
    });

    const approve = (headers: Record<string, string>, status: number) =>
      sut.http().post(`/api/v1/recalculations/${pending.id}/approve`).set(headers).send({}).expect(status);
    expect((await approve(maker, 403)).body.code).toBe('MAKER_CANNOT_APPROVE');
    expect((await approve(await sut.as(Role.Specialist), 403)).body.code).toBe('FORBIDDEN_ROLE');
    const checker = await anotherUser(sut, Role.Supervisor);
    const approved = (await approve(checker, 200)).body;
    expect(approved).toMatchObject({ status: 'posted', decision: 'approved', proposedLines: [] });
    expect(approved.lines).toEqual([
      expect.objectContaining({ amountDelta: '-1000.01', chargeLineId: line }),
    ]);
    expect((await approve(checker, 409)).body.code).toBe('RECALCULATION_NOT_PENDING');
  });

  it('a rejection needs a reason and posts nothing', async () => {
    const pending = (await manual('5000.00', await sut.as(Role.Specialist), 201)).body;
    const checker = await sut.as(Role.Supervisor);
    const reject = (body: object, status: number) =>
      sut.http().post(`/api/v1/recalculations/${pending.id}/reject`).set(checker).send(body).expect(status);
    await reject({}, 400);
    const rejected = (await reject({ reason: 'no act attached' }, 200)).body;
    expect(rejected).toMatchObject({
      status: 'rejected',
      decision: 'rejected',
      decisionReason: 'no act attached',
      lines: [],
    });
    const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM recalculation_lines`);
    expect(n).toBe(0);
  });

  it('posts into the next open period when the corrected one is closed; refuses a closed posting period (409)', async () => {
    await closePeriod(sut.db, '2026-03');
    const headers = await sut.as(Role.Specialist);
    const res = await manual('-10.00', headers, 201);
    expect(res.body).toMatchObject({ correctedFrom: '2026-03', postingPeriod: '2026-04' });
    expect((await manual('-10.00', headers, 409, { postingPeriod: '2026-03' })).body.code).toBe(
      'PERIOD_CLOSED',
    );
    expect((await manual('-10.00', headers, 422, { postingPeriod: '2026-02' })).body.code).toBe(
      'POSTING_BEFORE_CORRECTED',
    );
  });

  it('refuses to approve a document whose posting period closed meanwhile', async () => {
    const pending = (await manual('2000.00', await sut.as(Role.Specialist), 201)).body;
    await closePeriod(sut.db, '2026-03');
    const res = await sut
      .http()
      .post(`/api/v1/recalculations/${pending.id}/approve`)
      .set(await sut.as(Role.Supervisor))
      .send({})
      .expect(409);
    expect(res.body.code).toBe('PERIOD_CLOSED');
  });

  it('validates the request: reason, non-zero kopeck amount, known account and service', async () => {
    const headers = await sut.as(Role.Specialist);
    await manual('-10.00', headers, 400, { reason: undefined });
    await manual('0.00', headers, 400);
    await manual('1.005', headers, 400);
    expect((await manual('1.00', headers, 404, { accountId: '999999' })).body.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await manual('1.00', headers, 422, { serviceCode: 'unknown_thing' })).body.code).toBe(
      'SERVICE_NOT_FOUND',
    );
  });

  it('reads: pages by id, filters, the account route; roles', async () => {
    const headers = await sut.as(Role.Specialist);
    // Ids 10^k − 1 and 10^k (e.g. 9 and 10): the pages follow the numeric id, not its text.
    await nextIdsCrossADigit(sut.db, 'recalculations');
    const first = (await manual('-1.00', headers, 201)).body;
    const second = (await manual('2.00', headers, 201)).body;
    expect(second.id).toBe(`1${'0'.repeat(first.id.length)}`);
    for (const role of [Role.Auditor, Role.SettlementCentre, Role.Supervisor]) {
      const page = await sut
        .http()
        .get('/api/v1/recalculations?limit=1')
        .set(await sut.as(role))
        .expect(200);
      expect(page.body).toMatchObject({ items: [{ id: first.id }], nextAfter: first.id });
    }
    const next = await sut
      .http()
      .get(`/api/v1/recalculations?limit=1&after=${first.id}`)
      .set(headers)
      .expect(200);
    expect(next.body).toMatchObject({ items: [{ id: second.id, amount: '2.00' }], nextAfter: null });
    const filtered = await sut
      .http()
      .get('/api/v1/recalculations?kind=absence&period=2026-03')
      .set(headers)
      .expect(200);
    expect(filtered.body.items).toEqual([]);
    const own = await sut
      .http()
      .get(`/api/v1/accounts/${e.accounts[0]}/recalculations?period=2026-03`)
      .set(headers)
      .expect(200);
    expect(own.body.items.map((d: { id: string }) => d.id)).toEqual([first.id, second.id]);
    const one = await sut
      .http()
      .get(`/api/v1/recalculations/${first.id}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(one.body.basis).toMatchObject({ approvalThreshold: '1000.00', needsApproval: false });
    await sut.http().get('/api/v1/recalculations/999999').set(headers).expect(404);
    await sut.http().get('/api/v1/accounts/999999/recalculations').set(headers).expect(404);
    expect((await manual('1.00', await sut.as(Role.Auditor), 403)).body.code).toBe('FORBIDDEN_ROLE');
    await manual('1.00', await sut.as(Role.SettlementCentre), 403);
  });
});
