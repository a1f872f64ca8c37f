import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** The recalculation rules are data: listed to readers, changed by supervisors, overlaps refused. */
describe('recalculation rules (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => sut.reset());
  afterAll(async () => sut.close());

  it('lists the seeded rules', async () => {
    const auditor = await sut.as(Role.Auditor);
    const absence = await sut.http().get('/api/v1/recalculation-rules/absence').set(auditor).expect(200);
    expect(absence.body).toMatchObject([
      { moreThanDays: 5, applicationDays: 30, validFrom: '2011-09-01', validTo: null },
    ]);
    const tampering = await sut.http().get('/api/v1/recalculation-rules/tampering').set(auditor).expect(200);
    expect(tampering.body).toMatchObject([{ coefficient: '10.000', lookbackMonths: 3 }]);
    const quality = await sut.http().get('/api/v1/recalculation-rules/quality').set(auditor).expect(200);
    expect(
      quality.body.find(
        (q: { serviceCode: string; kind: string }) =>
          q.serviceCode === 'cold_water' && q.kind === 'interruption',
      ),
    ).toMatchObject({ permittedHoursMonth: '8.00', permittedHoursOnce: '4.00', percentPerHour: '0.1500' });
  });

  it('closes a rule and adds its successor; refuses an overlap, a bad close and a specialist', async () => {
    const supervisor = await sut.as(Role.Supervisor);
    const [rule] = (await sut.http().get('/api/v1/recalculation-rules/absence').set(supervisor).expect(200))
      .body;
    const next = {
      moreThanDays: 6,
      applicationDays: 30,
      services: ['cold_water'],
      validFrom: '2027-01-01',
      source: 'test',
    };
    const overlap = await sut
      .http()
      .post('/api/v1/recalculation-rules/absence')
      .set(supervisor)
      .send(next)
      .expect(409);
    expect(overlap.body.code).toBe('ABSENCE_RULE_OVERLAP');
    const bad = await sut
      .http()
      .patch(`/api/v1/recalculation-rules/absence/${rule.id}`)
      .set(supervisor)
      .send({ validTo: '2000-01-01' })
      .expect(422);
    expect(bad.body.code).toBe('RULE_CLOSED_BEFORE_START');
    await sut
      .http()
      .patch(`/api/v1/recalculation-rules/absence/${rule.id}`)
      .set(await sut.as(Role.Specialist))
      .send({ validTo: '2026-12-31' })
      .expect(403);
    await sut
      .http()
      .patch(`/api/v1/recalculation-rules/absence/${rule.id}`)
      .set(supervisor)
      .send({ validTo: '2026-12-31' })
      .expect(200);
    const added = await sut
      .http()
      .post('/api/v1/recalculation-rules/absence')
      .set(supervisor)
      .send(next)
      .expect(201);
    expect(added.body).toMatchObject({ moreThanDays: 6, validFrom: '2027-01-01', validTo: null });
    await sut
      .http()
      .patch('/api/v1/recalculation-rules/tampering/999999')
      .set(supervisor)
      .send({ validTo: '2026-12-31' })
      .expect(404);
  });

  it('validates the validity fields every rule shares (400 with the field)', async () => {
    const res = await sut
      .http()
      .post('/api/v1/recalculation-rules/tampering')
      .set(await sut.as(Role.Supervisor))
      .send({ coefficient: '10', lookbackMonths: 3, validFrom: '2030-02-01', validTo: '2030-01-31' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['source', 'validTo']);
  });

  it('refuses a per-degree quality rule without its step', async () => {
    const res = await sut
      .http()
      .post('/api/v1/recalculation-rules/quality')
      .set(await sut.as(Role.Supervisor))
      .send({
        serviceCode: 'hot_water',
        kind: 'temperature',
        percentPerHour: '0.1',
        perDegree: true,
        validFrom: '2030-01-01',
        source: 'test',
      })
      .expect(422);
    expect(res.body).toMatchObject({ code: 'QUALITY_RULE_DEGREES', fields: [{ field: 'degreeStep' }] });
  });
});
