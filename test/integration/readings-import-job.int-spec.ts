import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { aBuilding, aMeterWithInitialReadings, anOrganisation, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.READINGS_IMPORT_ASYNC_LINES = '3';

/**
 * Readings files over READINGS_IMPORT_ASYNC_LINES data lines (3 here) run as a BullMQ job in the
 * worker: 202 with the job, progress through the API, per-line results as the synchronous import,
 * and a re-import changes nothing.
 */
describe('readings import as a job (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let m1: string;
  let m2: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
    delete process.env.READINGS_IMPORT_ASYNC_LINES;
  });
  beforeEach(async () => {
    await sut.reset();
    const building_id = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    const premises_id = await aPremises(sut.db, { building_id });
    m1 = await aMeterWithInitialReadings(sut.db, { building_id, premises_id, service_code: 'cold_water' });
    m2 = await aMeterWithInitialReadings(sut.db, {
      building_id,
      premises_id,
      service_code: 'hot_water',
      serial_number: 'HW-2',
    });
  });

  const upload = async (csv: string, role = Role.Specialist) =>
    sut
      .http()
      .post('/api/v1/readings/import?fileName=big.csv')
      .set(await sut.as(role))
      .set('Content-Type', 'text/csv')
      .send(csv);
  const job = async (id: string) =>
    (
      await sut
        .http()
        .get(`/api/v1/readings/import-jobs/${id}`)
        .set(await sut.as(Role.Auditor))
        .expect(200)
    ).body;
  async function finished(id: string) {
    for (let i = 0; i < 300; i++) {
      const j = await job(id);
      if (j.status === 'completed' || j.status === 'failed') return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`import job ${id} did not finish`);
  }
  const csv = () =>
    'meter_id;zone;value;taken_on\n' +
    `${m1};T1;110,5;2025-02-20\n` +
    `${m2};T1;105;2025-02-20\n` +
    `${m1};T1;120;2025-03-20\n` +
    `${m1};T1;90;2025-04-20\n` +
    '999999;T1;1;2025-02-20\n';

  it('queues a large file, shows its progress, and stores each line once however often it is sent', async () => {
    const res = await upload(csv());
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      jobId: expect.stringMatching(/^\d+$/),
      fileName: 'big.csv',
      total: 5,
      importId: null,
      createdBy: expect.any(String),
    });
    expect(['queued', 'running', 'completed']).toContain(res.body.status);

    const done = await finished(res.body.jobId);
    expect(done).toMatchObject({
      status: 'completed',
      total: 5,
      done: 5,
      accepted: 3,
      unchanged: 0,
      rejected: 2,
      attempts: 1,
      error: null,
      importId: expect.stringMatching(/^\d+$/),
    });
    const result = await sut
      .http()
      .get(`/api/v1/readings/imports/${done.importId}`)
      .set(await sut.as(Role.Specialist))
      .expect(200);
    expect(result.body).toEqual({
      importId: done.importId,
      lines: 5,
      accepted: 3,
      unchanged: 0,
      rejected: 2,
      results: [
        { line: 2, meterId: m1, zone: 'T1', status: 'accepted' },
        { line: 3, meterId: m2, zone: 'T1', status: 'accepted' },
        { line: 4, meterId: m1, zone: 'T1', status: 'accepted' },
        {
          line: 5,
          meterId: m1,
          zone: 'T1',
          status: 'rejected',
          code: 'READING_BELOW_PREVIOUS',
          message: expect.any(String),
        },
        {
          line: 6,
          meterId: '999999',
          zone: 'T1',
          status: 'rejected',
          code: 'METER_NOT_FOUND',
          message: expect.any(String),
        },
      ],
    });
    const count = async () =>
      (await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings WHERE kind = 'regular'`))[0].n;
    expect(await count()).toBe(3);
    // the file is not kept once imported
    const [{ body }] = await sut.db.query(`SELECT body FROM reading_import_jobs WHERE id = $1`, [
      res.body.jobId,
    ]);
    expect(body).toBe('');

    const again = await upload(csv());
    expect(again.status).toBe(202);
    expect(await finished(again.body.jobId)).toMatchObject({
      status: 'completed',
      done: 5,
      accepted: 0,
      unchanged: 3,
      rejected: 2,
    });
    expect(await count()).toBe(3);
  });

  it('imports a file up to the threshold in the request, and refuses a bad header before queueing', async () => {
    const small = await upload(`meter_id;zone;value;taken_on\n${m1};T1;110;2025-02-20\n`);
    expect(small.status).toBe(201);
    expect(small.body).toMatchObject({ lines: 1, accepted: 1 });
    const bad = await upload('foo;bar\n1;2\n3;4\n5;6\n7;8\n');
    expect(bad.status).toBe(400);
    expect(await sut.db.query(`SELECT id FROM reading_import_jobs`)).toEqual([]);
  });

  it('answers a job to its readers and 404 for an unknown one', async () => {
    const res = await upload(csv());
    await finished(res.body.jobId);
    await sut
      .http()
      .get(`/api/v1/readings/import-jobs/${res.body.jobId}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    await sut
      .http()
      .get('/api/v1/readings/import-jobs/999999')
      .set(await sut.as(Role.Specialist))
      .expect(404);
  });
});
