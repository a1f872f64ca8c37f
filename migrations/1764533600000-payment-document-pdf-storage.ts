import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored PDFs out of line without compression (`STORAGE EXTERNAL`). A payment document's PDF is
 * ~55 KB of deflated streams that pglz cannot shrink: with the default EXTENDED storage PostgreSQL
 * tried anyway on every stored file (about 1 ms of server CPU per document, a third of a batch's
 * database work) and then stored the file uncompressed. The bytes read back are the same; rows
 * already stored keep their form.
 */
export class PaymentDocumentPdfStorage1764533600000 implements MigrationInterface {
  name = 'PaymentDocumentPdfStorage1764533600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_documents ALTER COLUMN pdf SET STORAGE EXTERNAL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_documents ALTER COLUMN pdf SET STORAGE EXTENDED`);
  }
}
