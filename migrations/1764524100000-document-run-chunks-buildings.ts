import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch-issue chunk may span several buildings: up to DOCUMENTS_CHUNK_SIZE accounts in building
 * order, so a run over many small buildings is a few chunk jobs — one numbering transaction and
 * one lock of the organisation's counter row per chunk — instead of one per building (at M the
 * bench's 500 accounts lie in 447 buildings: 447 jobs of 1–3 accounts queued on that lock).
 * `building_ids` (the chunk's buildings, ascending) replaces `building_id`; `chunk_no` counts per
 * run. Existing chunk rows keep their one building and are renumbered in their old order.
 */
export class DocumentRunChunksBuildings1764524100000 implements MigrationInterface {
  name = 'DocumentRunChunksBuildings1764524100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_run_chunks ADD COLUMN building_ids bigint[]`);
    await q.query(`UPDATE document_run_chunks SET building_ids = ARRAY[building_id]`);
    await q.query(`ALTER TABLE document_run_chunks ALTER COLUMN building_ids SET NOT NULL`);
    await q.query(
      `ALTER TABLE document_run_chunks ADD CONSTRAINT ck_document_run_chunks__buildings CHECK (cardinality(building_ids) >= 1)`,
    );
    await q.query(`ALTER TABLE document_run_chunks DROP CONSTRAINT uq_document_run_chunks__run_building_no`);
    await q.query(`
      UPDATE document_run_chunks c SET chunk_no = n.no
        FROM (SELECT id, (row_number() OVER (PARTITION BY run_id ORDER BY building_id, chunk_no) - 1)::int AS no
                FROM document_run_chunks) n
       WHERE n.id = c.id AND c.chunk_no <> n.no`);
    await q.query(`ALTER TABLE document_run_chunks DROP COLUMN building_id`);
    await q.query(
      `ALTER TABLE document_run_chunks ADD CONSTRAINT uq_document_run_chunks__run_no UNIQUE (run_id, chunk_no)`,
    );
  }

  /** Back to one building per row: a chunk of several buildings keeps its first (the list is lost). */
  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_run_chunks DROP CONSTRAINT uq_document_run_chunks__run_no`);
    await q.query(`ALTER TABLE document_run_chunks ADD COLUMN building_id bigint REFERENCES buildings(id)`);
    await q.query(`UPDATE document_run_chunks SET building_id = building_ids[1]`);
    await q.query(`ALTER TABLE document_run_chunks ALTER COLUMN building_id SET NOT NULL`);
    await q.query(`ALTER TABLE document_run_chunks DROP COLUMN building_ids`);
    await q.query(
      `ALTER TABLE document_run_chunks ADD CONSTRAINT uq_document_run_chunks__run_building_no UNIQUE (run_id, building_id, chunk_no)`,
    );
  }
}
