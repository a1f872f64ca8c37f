import { AuditService } from '../../src/common/audit/audit.service';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** The audit's group commit: concurrent entries share INSERTs, none is lost, each caller waits for its own. */
describe('audit entries grouped into one INSERT (integration)', () => {
  let sut: TestApp;
  let audit: AuditService;
  beforeAll(async () => {
    sut = await createTestApp();
    audit = sut.app.get(AuditService);
  });
  beforeEach(async () => {
    await sut.reset();
  });
  afterAll(async () => {
    await sut.close();
  });

  const entry = (i: number) => ({
    actor: { kind: 'user' as const, id: '7', name: 'Аудитор' },
    action: 'POST /api/v1/payments',
    entity: 'payments',
    entityId: String(i),
    reason: i % 2 ? 'причина' : null,
    details: { outcome: 'ok', n: i },
  });

  it('stores every one of 120 concurrent entries once, in call order, before their promises settle', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => audit.recordGrouped(entry(i))));
    const rows: { entity_id: string; reason: string | null; details: { n: number } }[] = await sut.db.query(
      `SELECT entity_id, reason, details FROM audit_log WHERE action = 'POST /api/v1/payments' ORDER BY id`,
    );
    expect(rows.map((r) => r.entity_id)).toEqual(Array.from({ length: 120 }, (_, i) => String(i)));
    expect(rows[1]).toEqual({ entity_id: '1', reason: 'причина', details: { outcome: 'ok', n: 1 } });
    expect(rows[2].reason).toBeNull();
  });

  it('rejects the callers of a batch that could not be written and keeps writing later ones', async () => {
    const bad = { ...entry(1), actor: { kind: 'user' as const, id: '7', name: null as unknown as string } };
    await expect(audit.recordGrouped(bad)).rejects.toThrow();
    await audit.recordGrouped(entry(2));
    const [n] = await sut.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'POST /api/v1/payments'`,
    );
    expect(n.n).toBe(1);
  });
});
