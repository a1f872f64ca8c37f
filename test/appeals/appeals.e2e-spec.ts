import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aMeterWithInitialReadings,
  anAccount,
  anOrganisation,
  aPremises,
  aReading,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { readPdf } from '../utils/pdf';

/**
 * Citizens' appeals end to end: registration with the deadline over the seeded production
 * calendar, the workflow to an answer letter (PDF, outgoing number), the overdue list, search of
 * the correspondence register, the report, roles and refusals. Dates are in the past so "today"
 * (2026-11 or later) never changes an expected value.
 */
describe('appeals (e2e)', () => {
  let sut: TestApp;
  let spec: Record<string, string>;
  let accountId: string;
  let otherAccountId: string;
  let premisesId: string;
  let buildingId: string;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    spec = await sut.as(Role.Specialist);
    const org = await anOrganisation(sut.db);
    buildingId = await aBuilding(sut.db, { organisation_id: org });
    premisesId = await aPremises(sut.db, { building_id: buildingId });
    accountId = await anAccount(sut.db, { premises_id: premisesId, number: 'ЛС00000777' });
    const other = await aPremises(sut.db, { building_id: buildingId });
    otherAccountId = await anAccount(sut.db, { premises_id: other });
  });
  afterAll(async () => {
    await sut.close();
  });

  const letter = {
    citizenName: 'Петров Пётр Петрович',
    citizenPhone: '+7 (912) 345-67-89',
    citizenEmail: 'petrov@example.org',
    citizenAddress: 'г. Москва, ул. Тестовая, д. 1, кв. 5',
    channel: 'letter',
    category: 'recalculation_request',
    text: 'Прошу пересчитать плату за холодную воду за февраль 2026 г.',
    attachments: [{ fileName: 'заявление.pdf', mediaType: 'application/pdf', sizeBytes: 120345 }],
    registeredOn: '2026-03-06',
  };
  const register = (body: Record<string, unknown>, headers = spec, status = 201) =>
    sut.http().post('/api/v1/appeals').set(headers).send(body).expect(status);
  const step = (id: string, action: string, body: Record<string, unknown>, status = 200, headers = spec) =>
    sut.http().post(`/api/v1/appeals/${id}/${action}`).set(headers).send(body).expect(status);
  const count = async (table: string): Promise<number> =>
    Number((await sut.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('takes an appeal from registration to an answer letter within the deadline', async () => {
    const created = await register({ ...letter, accountId });
    const id = created.body.id as string;
    // Fri 06.03.2026; 09.03 is a day off (08.03 on a Sunday): 10 working days end on Mon 23.03.
    expect(created.body).toMatchObject({
      status: 'registered',
      deadlineOn: '2026-03-23',
      accountNumber: 'ЛС00000777',
      incomingNumber: '1-вх/2026',
      citizenName: 'Петров Пётр Петрович',
      personalDataMasked: false,
      answeredOnTime: null,
      attachments: letter.attachments,
    });
    expect(created.body.deadlineBasis).toMatchObject({
      days: 10,
      dayKind: 'working',
      formula: '2026-03-06 + 10 working days = 2026-03-23',
    });

    await step(id, 'assign', { assignee: 'Сидорова А. А.', on: '2026-03-10' });
    const answered = await step(id, 'answer', {
      on: '2026-03-20',
      answerText: 'Перерасчёт за февраль 2026 г. произведён: минус 250.00 руб.',
    });
    expect(answered.body).toMatchObject({
      status: 'answered',
      answeredOn: '2026-03-20',
      answeredOnTime: true,
      answerLetterNumber: '1-исх/2026',
    });
    const closed = await step(id, 'close', { on: '2026-03-23', note: 'Ответ вручён' });
    expect(closed.body.status).toBe('closed');
    expect(
      closed.body.events.map((e: { fromStatus: string | null; toStatus: string; on: string }) => [
        e.fromStatus,
        e.toStatus,
        e.on,
      ]),
    ).toEqual([
      [null, 'registered', '2026-03-06'],
      ['registered', 'assigned', '2026-03-10'],
      ['assigned', 'answered', '2026-03-20'],
      ['answered', 'closed', '2026-03-23'],
    ]);

    const overdue = await sut.http().get('/api/v1/appeals/overdue').set(spec).expect(200);
    expect(overdue.body).toEqual([]);

    const pdf = await sut
      .http()
      .get(`/api/v1/correspondence/${answered.body.answerLetterId}/pdf`)
      .set(spec)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = readPdf(pdf.body as Buffer);
    for (const s of [
      '1-исх/2026 от 2026-03-20',
      'Петров Пётр Петрович',
      'ЛС00000777',
      `№ ${id} от 2026-03-06`,
      'Ответ на обращение',
      'Перерасчёт за февраль 2026 г. произведён: минус 250.00 руб.',
      'заявление о перерасчёте',
      'Сидорова А. А.',
    ]) {
      expect(text).toContain(s);
    }
    const [audit] = await sut.db.query(
      `SELECT entity_id, details->>'number' AS number FROM audit_log WHERE action = 'GET /api/v1/correspondence/:id/pdf'`,
    );
    expect(audit).toEqual({ entity_id: answered.body.answerLetterId, number: '1-исх/2026' });
    const transitions = await sut.db.query(
      `SELECT action FROM audit_log WHERE entity = 'appeals' AND details->>'outcome' = 'ok' ORDER BY id`,
    );
    expect(transitions.map((r: { action: string }) => r.action)).toEqual([
      'POST /api/v1/appeals',
      'POST /api/v1/appeals/:id/assign',
      'POST /api/v1/appeals/:id/answer',
      'POST /api/v1/appeals/:id/close',
    ]);
  });

  it('lists an unanswered appeal past its deadline as overdue, and reports by category', async () => {
    const done = (await register({ ...letter, accountId })).body.id as string;
    await step(done, 'assign', { assignee: 'Сидорова А. А.', on: '2026-03-06' });
    await step(done, 'answer', { on: '2026-03-25', answerText: 'Ответ дан с опозданием.' });
    // Quality complaint by phone on Fri 06.03: 3 working days after the weekend and 09.03 → 12.03.
    const late = await register({
      citizenName: 'Смирнова Анна Сергеевна',
      channel: 'phone',
      category: 'quality_complaint',
      text: 'Нет горячей воды с 05.03',
      registeredOn: '2026-03-06',
    });
    expect(late.body).toMatchObject({ deadlineOn: '2026-03-12', incomingNumber: null });
    // A charge check at a visit is answered immediately: its deadline is the registration day.
    const visit = await register({
      citizenName: 'Смирнова Анна Сергеевна',
      channel: 'visit',
      category: 'charge_check',
      text: 'Проверка начислений',
      registeredOn: '2026-04-01',
    });
    expect(visit.body.deadlineOn).toBe('2026-04-01');

    const asOf = await sut.http().get('/api/v1/appeals/overdue?asOf=2026-03-13').set(spec).expect(200);
    expect(asOf.body.map((a: { id: string }) => a.id)).toEqual([late.body.id]);
    // Answered on 25.03 after the 23.03 deadline: overdue when judged on 24.03, not on 25.03.
    const day24 = await sut.http().get('/api/v1/appeals/overdue?asOf=2026-03-24').set(spec).expect(200);
    expect(day24.body.map((a: { id: string }) => a.id)).toEqual([done, late.body.id]);
    const day25 = await sut.http().get('/api/v1/appeals/overdue?asOf=2026-03-25').set(spec).expect(200);
    expect(day25.body.map((a: { id: string }) => a.id)).toEqual([late.body.id]);
    const onDeadline = await sut.http().get('/api/v1/appeals/overdue?asOf=2026-03-12').set(spec).expect(200);
    expect(onDeadline.body).toEqual([]);
    const now = await sut.http().get('/api/v1/appeals/overdue').set(spec).expect(200);
    expect(now.body.map((a: { id: string }) => a.id)).toEqual([late.body.id, visit.body.id]);

    const auditor = await sut.as(Role.Auditor);
    const report = await sut
      .http()
      .get('/api/v1/reports/appeals?from=2026-03-01&to=2026-03-31&asOf=2026-04-30')
      .set(auditor)
      .expect(200);
    expect(
      report.body.rows.find((r: { category: string }) => r.category === 'recalculation_request'),
    ).toEqual({
      category: 'recalculation_request',
      count: 1,
      answered: 1,
      onTime: 0,
      overdue: 0,
      onTimeShare: '0.0000',
      basis: { formula: '0 / 1' },
    });
    expect(
      report.body.rows.find((r: { category: string }) => r.category === 'charge_check').onTimeShare,
    ).toBeNull();
    expect(report.body.total).toEqual({
      count: 2,
      answered: 1,
      onTime: 0,
      overdue: 1,
      onTimeShare: '0.0000',
      basis: { formula: '0 / 2' },
    });
    const april = await sut
      .http()
      .get('/api/v1/reports/appeals?from=2026-01-01&to=2026-04-30&asOf=2026-04-30&format=csv')
      .set(auditor)
      .expect(200);
    expect(april.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(april.text.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'category;count;answered;on_time;overdue;on_time_share',
      'charge_check;1;0;0;1;0.0000',
      'recalculation_request;1;1;0;0;0.0000',
      'meter_check;0;0;0;0;',
      'quality_complaint;1;0;0;1;0.0000',
      'temporary_absence;0;0;0;0;',
      'personal_data_request;0;0;0;0;',
      'other;0;0;0;0;',
      'total;3;1;0;2;0.0000',
      '',
    ]);
  });

  it('searches incoming and outgoing letters by account and citizen', async () => {
    const a = (await register({ ...letter, accountId })).body.id as string;
    await step(a, 'assign', { assignee: 'Иванова', on: '2026-03-10' });
    await step(a, 'answer', { on: '2026-03-11', answerText: 'Ответ.' });
    await register({
      ...letter,
      citizenName: 'Кузнецов Олег',
      accountId: otherAccountId,
      registeredOn: '2026-03-12',
    });

    const byAccount = await sut
      .http()
      .get(`/api/v1/correspondence?accountId=${accountId}`)
      .set(spec)
      .expect(200);
    expect(byAccount.body.map((l: { number: string; direction: string }) => [l.number, l.direction])).toEqual(
      [
        ['1-исх/2026', 'outgoing'],
        ['1-вх/2026', 'incoming'],
      ],
    );
    const byCitizen = await sut.http().get('/api/v1/correspondence?citizen=Кузнецов').set(spec).expect(200);
    expect(byCitizen.body.map((l: { number: string }) => l.number)).toEqual(['2-вх/2026']);
    const outgoing = await sut.http().get('/api/v1/correspondence?direction=outgoing').set(spec).expect(200);
    expect(outgoing.body).toHaveLength(1);
    expect(outgoing.body[0]).toMatchObject({ hasPdf: true, appealId: a, subject: 'Ответ на обращение' });

    const appeals = await sut.http().get('/api/v1/appeals?citizen=Петров').set(spec).expect(200);
    expect(appeals.body.items.map((x: { id: string }) => x.id)).toEqual([a]);
  });

  it('links the reading an appeal caused, refusing one of another account', async () => {
    const id = (await register({ ...letter, category: 'meter_check', accountId })).body.id as string;
    const meter = await aMeterWithInitialReadings(sut.db, {
      building_id: buildingId,
      premises_id: premisesId,
      service_code: 'cold_water',
    });
    const reading = await aReading(sut.db, {
      meter_id: meter,
      value: '120',
      taken_on: '2026-03-10',
      period: '2026-03-01',
    });
    const linked = await step(id, 'links', { readingId: reading });
    expect(linked.body.readingId).toBe(reading);

    const other = (await register({ ...letter, accountId: otherAccountId })).body.id as string;
    const refused = await step(other, 'links', { readingId: reading }, 422);
    expect(refused.body.code).toBe('APPEAL_LINK_ACCOUNT_MISMATCH');
    expect((await step(other, 'links', { recalculationId: '999999' }, 422)).body.code).toBe(
      'APPEAL_LINK_NOT_FOUND',
    );
    expect((await step(other, 'links', {}, 400)).body.code).toBe('APPEAL_LINK_EMPTY');
  });

  it('masks personal data for auditors and keeps the settlement centre out', async () => {
    const id = (await register({ ...letter, accountId })).body.id as string;
    const auditor = await sut.as(Role.Auditor);
    const seen = await sut.http().get(`/api/v1/appeals/${id}`).set(auditor).expect(200);
    expect(seen.body).toMatchObject({
      citizenName: 'П. П. П.',
      citizenPhone: '***89',
      citizenEmail: 'p***@example.org',
      citizenAddress: '***',
      personalDataMasked: true,
    });
    expect((await sut.http().get('/api/v1/appeals?citizen=Петров').set(auditor).expect(403)).body.code).toBe(
      'PERSONAL_DATA_FORBIDDEN',
    );
    await register(letter, auditor, 403);
    await sut.http().get('/api/v1/correspondence').set(auditor).expect(403);

    const centre = await sut.as(Role.SettlementCentre);
    await sut.http().get('/api/v1/appeals').set(centre).expect(403);
    await sut.http().get(`/api/v1/appeals/${id}`).set(centre).expect(403);
    await sut.http().get('/api/v1/reports/appeals?from=2026-03-01&to=2026-03-31').set(centre).expect(403);
    await sut.http().get('/api/v1/appeals').expect(401);
  });

  it('refuses bad input and invalid steps with stable codes, changing nothing', async () => {
    const bad = await register({ ...letter, category: 'gossip', attachments: [{ fileName: '' }] }, spec, 400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['category']),
    );
    expect((await register({ ...letter, registeredOn: '2999-01-01' }, spec, 422)).body.code).toBe(
      'APPEAL_DATE_IN_FUTURE',
    );
    expect((await register({ ...letter, accountId: '999999' }, spec, 422)).body.code).toBe(
      'APPEAL_ACCOUNT_NOT_FOUND',
    );
    expect(await count('appeals')).toBe(0);
    expect(await count('correspondence')).toBe(0);

    const id = (await register(letter)).body.id as string;
    const skip = await step(id, 'answer', { answerText: 'x', on: '2026-03-10' }, 409);
    expect(skip.body).toMatchObject({ code: 'APPEAL_TRANSITION_INVALID', details: { status: 'registered' } });
    expect((await step(id, 'close', {}, 409)).body.code).toBe('APPEAL_TRANSITION_INVALID');
    expect((await step(id, 'assign', { assignee: 'X', on: '2026-03-05' }, 422)).body.code).toBe(
      'APPEAL_DATE_BEFORE_PREVIOUS',
    );
    await step(id, 'assign', { assignee: 'X', on: '2026-03-06' });
    const noTemplate = await step(
      id,
      'answer',
      { answerText: 'x', on: '2026-03-10', templateCode: 'nope' },
      404,
    );
    expect(noTemplate.body.code).toBe('LETTER_TEMPLATE_NOT_FOUND');
    // The refused answers allocated no number: the next letter is still the first of the year.
    const ok = await step(id, 'answer', { answerText: 'x', on: '2026-03-10' });
    expect(ok.body.answerLetterNumber).toBe('1-исх/2026');
    expect((await sut.http().get('/api/v1/appeals/999999').set(spec).expect(404)).body.code).toBe(
      'APPEAL_NOT_FOUND',
    );
  });

  it('numbers concurrent answer letters without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = (await register({ ...letter, accountId })).body.id as string;
      await step(id, 'assign', { assignee: 'Иванова', on: '2026-03-10' });
      ids.push(id);
    }
    const answers = await Promise.all(
      ids.map((id) => step(id, 'answer', { answerText: 'Ответ.', on: '2026-03-11' })),
    );
    expect(answers.map((r) => r.body.answerLetterNumber as string).sort()).toEqual([
      '1-исх/2026',
      '2-исх/2026',
      '3-исх/2026',
      '4-исх/2026',
    ]);
    expect(
      await sut.db.query(`SELECT direction, year, last FROM correspondence_counters ORDER BY direction`),
    ).toEqual([
      { direction: 'incoming', year: 2026, last: 4 },
      { direction: 'outgoing', year: 2026, last: 4 },
    ]);
  });

  it('keeps deadline rules as data editable by supervisors', async () => {
    const sup = await sut.as(Role.Supervisor);
    const rules = await sut.http().get('/api/v1/appeal-rules/deadlines').set(spec).expect(200);
    const meter = rules.body.find((r: { category: string }) => r.category === 'meter_check');
    expect(meter).toMatchObject({ days: 10, dayKind: 'calendar', channel: null, validTo: null });

    const overlap = await sut
      .http()
      .post('/api/v1/appeal-rules/deadlines')
      .set(sup)
      .send({
        category: 'meter_check',
        days: 5,
        dayKind: 'working',
        validFrom: '2026-07-01',
        source: 'локальное решение',
      })
      .expect(409);
    expect(overlap.body.code).toBe('APPEAL_DEADLINE_RULE_OVERLAP');
    await sut
      .http()
      .post('/api/v1/appeal-rules/deadlines')
      .set(spec)
      .send({ category: 'meter_check', days: 5, dayKind: 'working', validFrom: '2026-07-01', source: 'x' })
      .expect(403);
    await sut
      .http()
      .patch(`/api/v1/appeal-rules/deadlines/${meter.id}`)
      .set(sup)
      .send({ validTo: '2026-06-30' })
      .expect(200);
    await sut
      .http()
      .post('/api/v1/appeal-rules/deadlines')
      .set(sup)
      .send({
        category: 'meter_check',
        days: 5,
        dayKind: 'working',
        validFrom: '2026-07-01',
        source: 'локальное решение',
      })
      .expect(201);

    const before = await register({ ...letter, category: 'meter_check', registeredOn: '2026-06-30' });
    expect(before.body.deadlineOn).toBe('2026-07-10');
    const after = await register({ ...letter, category: 'meter_check', registeredOn: '2026-07-01' });
    expect(after.body.deadlineOn).toBe('2026-07-08');

    const tpl = await sut
      .http()
      .post('/api/v1/appeal-rules/templates')
      .set(sup)
      .send({
        code: 'short',
        title: 'Краткий ответ',
        body: '{{citizenName}}: {{unknownThing}}',
        validFrom: '2026-01-01',
        source: 'x',
      })
      .expect(422);
    expect(tpl.body.code).toBe('LETTER_TEMPLATE_UNKNOWN_FIELD');
  });

  it('extends a personal-data request once by 5 working days with a reasoned notice', async () => {
    const pd = await register({
      ...letter,
      channel: 'email',
      category: 'personal_data_request',
      registeredOn: '2026-11-02',
    });
    // Mon 02.11.2026; 04.11 is a holiday: 10 working days end on 17.11.
    expect(pd.body.deadlineOn).toBe('2026-11-17');
    const extended = await step(pd.body.id, 'extend', {
      on: '2026-11-10',
      reason: 'Нужны сведения из архива',
    });
    expect(extended.body).toMatchObject({
      deadlineOn: '2026-11-24',
      extendedOn: '2026-11-10',
      status: 'registered',
    });
    expect(extended.body.deadlineBasis.extension).toEqual({
      on: '2026-11-10',
      reason: 'Нужны сведения из архива',
      days: 5,
      previousDeadlineOn: '2026-11-17',
      formula: '2026-11-17 + 5 working days = 2026-11-24',
    });
    const again = await step(pd.body.id, 'extend', { on: '2026-11-11', reason: 'ещё' }, 409);
    expect(again.body.code).toBe('APPEAL_ALREADY_EXTENDED');

    const late = await register({ ...letter, category: 'personal_data_request', registeredOn: '2026-11-02' });
    const tooLate = await step(late.body.id, 'extend', { on: '2026-11-18', reason: 'поздно' }, 422);
    expect(tooLate.body.code).toBe('APPEAL_EXTENSION_TOO_LATE');
    const other = await register(letter);
    expect((await step(other.body.id, 'extend', { on: '2026-03-10', reason: 'x' }, 422)).body.code).toBe(
      'APPEAL_NOT_EXTENDABLE',
    );
  });

  it('counts deadlines on the production calendar as edited through the penalty rules API', async () => {
    const sup = await sut.as(Role.Supervisor);
    await sut
      .http()
      .post('/api/v1/penalty-rules/calendar')
      .set(sup)
      .send({ day: '2026-03-11', kind: 'dayoff', note: 'test', source: 'test decree' })
      .expect(201);
    // Quality complaint on Fri 06.03: 09.03 and now 11.03 off → 10, 12, 13.03.
    const r = await register({ ...letter, category: 'quality_complaint' });
    expect(r.body.deadlineOn).toBe('2026-03-13');
  });

  it('keeps a reception log, masked for auditors', async () => {
    const created = await sut
      .http()
      .post('/api/v1/reception-visits')
      .set(spec)
      .send({
        visitedOn: '2026-03-06',
        citizenName: 'Петров Пётр Петрович',
        citizenPhone: '+7 912 345 67 89',
        accountId,
        topic: 'Проверка начислений за февраль',
        outcome: 'Начисления проверены, разъяснены',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      visitedOn: '2026-03-06',
      accountId,
      receivedBy: expect.any(String),
    });
    const auditor = await sut.as(Role.Auditor);
    const list = await sut
      .http()
      .get('/api/v1/reception-visits?from=2026-03-01&to=2026-03-31')
      .set(auditor)
      .expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ citizenName: 'П. П. П.', citizenPhone: '***89' });
    const bad = await sut
      .http()
      .post('/api/v1/reception-visits')
      .set(spec)
      .send({ citizenName: 'X Y', topic: 't', outcome: 'o', visitedOn: '2026-02-30' })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
