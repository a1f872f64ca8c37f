import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PaymentDocumentContent } from './domain/payment-document.types';

export interface NewDocument {
  accountId: string;
  buildingId: string;
  content: PaymentDocumentContent;
  /** The content as JSON text (what is stored; the render threads take it as it is). */
  json: string;
  seq: number;
  number: string;
}

export interface DocumentRow {
  id: string;
  organisation_id: string;
  year: number;
  seq: number;
  number: string;
  account_id: string;
  building_id: string;
  period: string;
  status: 'current' | 'superseded';
  supersedes_id: string | null;
  superseded_by_id: string | null;
  correction_reason: string | null;
  run_id: string | null;
  total_due: string;
  due_date: string;
  issued_on: string;
  pdf_sha256: string | null;
  issued_by: string;
  issued_at: Date;
  content?: PaymentDocumentContent;
}

/** PDFs per UPDATE (three parameters each, far below PostgreSQL's 65 535). */
const STORE_BATCH = 500;

const COLUMNS = `id::text, organisation_id::text, year, seq, number, account_id::text, building_id::text,
  to_char(period, 'YYYY-MM') AS period, status, supersedes_id::text, superseded_by_id::text, correction_reason,
  run_id::text, total_due::text, due_date::text, issued_on::text, pdf_sha256, issued_by, issued_at`;

export interface ListFilter {
  period: string | null;
  accountId: string | null;
  buildingId: string | null;
  runId: string | null;
  limit: number;
  after: string | null;
}

/** SQL of issued payment documents and their numbering counters. */
@Injectable()
export class PaymentDocumentsRepository {
  /**
   * Takes the organisation's counter row for the year (created at zero on first use) and holds its
   * lock to the end of the transaction: every issue of the organisation queues here, so the
   * numbers it then takes are gapless and a rollback gives them back.
   */
  async lockCounter(m: EntityManager, organisationId: string, year: number): Promise<number> {
    await m.query(
      `INSERT INTO payment_document_counters (organisation_id, year) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [organisationId, year],
    );
    const [row] = await m.query(
      `SELECT last_number FROM payment_document_counters WHERE organisation_id = $1 AND year = $2 FOR UPDATE`,
      [organisationId, year],
    );
    return Number(row.last_number);
  }

  /** Takes `count` numbers in one UPDATE … RETURNING; returns the first of the block. */
  async takeNumbers(m: EntityManager, organisationId: string, year: number, count: number): Promise<number> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [[row]] = await m.query(
      `UPDATE payment_document_counters SET last_number = last_number + $3
        WHERE organisation_id = $1 AND year = $2 RETURNING last_number`,
      [organisationId, year, count],
    );
    return Number(row.last_number) - count + 1;
  }

  /** Accounts of the list that already have a current document for the period. */
  async issuedAccounts(m: EntityManager, accountIds: string[], period: string): Promise<Set<string>> {
    const rows: { account_id: string }[] = await m.query(
      `SELECT account_id::text FROM payment_documents
        WHERE account_id = ANY($1::bigint[]) AND period = $2 AND status = 'current'`,
      [accountIds, `${period}-01`],
    );
    return new Set(rows.map((r) => r.account_id));
  }

  /**
   * Inserts the documents in one statement (arrays through unnest, the contents as one JSON array:
   * node-postgres would escape every quote of a `jsonb[]` literal in JavaScript); returns their ids
   * in input order.
   */
  async insertMany(
    m: EntityManager,
    common: {
      organisationId: string;
      year: number;
      period: string;
      issuedOn: string;
      by: string;
      runId: string | null;
    },
    docs: (NewDocument & { id?: string; supersedesId?: string; reason?: string })[],
  ): Promise<string[]> {
    if (docs.length === 0) return [];
    const col = <T>(f: (d: (typeof docs)[number]) => T) => docs.map(f);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO payment_documents (id, organisation_id, year, seq, number, account_id, building_id, period,
              supersedes_id, correction_reason, run_id, total_due, due_date, issued_on, content, issued_by)
       SELECT coalesce(u.id, nextval('payment_documents_id_seq')), $1, $2, u.seq, u.number, u.account_id,
              u.building_id, $3, u.supersedes_id, u.reason, $4, u.total_due, u.due_date, $5, u.content, $6
         FROM ROWS FROM (unnest($7::bigint[]), unnest($8::int[]), unnest($9::text[]), unnest($10::bigint[]),
                         unnest($11::bigint[]), unnest($12::bigint[]), unnest($13::text[]), unnest($14::numeric[]),
                         unnest($15::date[]), jsonb_array_elements($16::jsonb))
              WITH ORDINALITY AS u(id, seq, number, account_id, building_id, supersedes_id, reason, total_due, due_date,
                                   content, ord)
        ORDER BY u.ord
       RETURNING id::text`,
      [
        common.organisationId,
        common.year,
        `${common.period}-01`,
        common.runId,
        common.issuedOn,
        common.by,
        col((d) => d.id ?? null),
        col((d) => d.seq),
        col((d) => d.number),
        col((d) => d.accountId),
        col((d) => d.buildingId),
        col((d) => d.supersedesId ?? null),
        col((d) => d.reason ?? null),
        col((d) => d.content.balance.totalDue),
        col((d) => d.content.balance.dueDate),
        `[${col((d) => d.json).join(',')}]`,
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Documents (of these ids, or of these accounts and period) still without their PDF, with content
   * — null for the ids in `known` (the caller has it).
   */
  async withoutPdf(
    m: EntityManager,
    by: { ids: string[] } | { accountIds: string[]; period: string },
    known: string[] = [],
  ): Promise<{ id: string; content: PaymentDocumentContent | null }[]> {
    const content = `CASE WHEN id = ANY($${'ids' in by ? 2 : 3}::bigint[]) THEN NULL ELSE content END AS content`;
    return 'ids' in by
      ? m.query(
          `SELECT id::text, ${content} FROM payment_documents WHERE id = ANY($1::bigint[]) AND pdf IS NULL
            ORDER BY payment_documents.id`,
          [by.ids, known],
        )
      : m.query(
          `SELECT id::text, ${content} FROM payment_documents
            WHERE account_id = ANY($1::bigint[]) AND period = $2 AND pdf IS NULL ORDER BY payment_documents.id`,
          [by.accountIds, `${by.period}-01`, known],
        );
  }

  /**
   * Stores rendered PDFs (once: a PDF already stored is kept), in one statement per 500. Each file
   * is its own parameter, which node-postgres sends as binary; a `bytea[]` array would be written
   * out in hex and escaped in JavaScript (two bytes of text per byte of PDF, on the worker's thread).
   */
  async storePdfs(m: EntityManager, pdfs: { id: string; pdf: Buffer }[]): Promise<void> {
    for (let from = 0; from < pdfs.length; from += STORE_BATCH) {
      const batch = pdfs.slice(from, from + STORE_BATCH);
      const rows = batch.map((_, i) => `($${3 * i + 1}::bigint, $${3 * i + 2}::bytea, $${3 * i + 3}::text)`);
      await m.query(
        `UPDATE payment_documents d SET pdf = u.pdf, pdf_sha256 = u.sha
           FROM (VALUES ${rows.join(', ')}) AS u(id, pdf, sha)
          WHERE d.id = u.id AND d.pdf IS NULL`,
        batch.flatMap((p) => [p.id, p.pdf, createHash('sha256').update(p.pdf).digest('hex')]),
      );
    }
  }

  async nextId(m: EntityManager): Promise<string> {
    const [row] = await m.query(`SELECT nextval('payment_documents_id_seq')::text AS id`);
    return row.id;
  }

  async find(
    m: EntityManager,
    id: string,
    opts: { content?: boolean; lock?: boolean } = {},
  ): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await m.query(
      `SELECT ${COLUMNS}${opts.content ? ', content' : ''} FROM payment_documents WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async supersede(m: EntityManager, id: string, byId: string): Promise<void> {
    await m.query(`UPDATE payment_documents SET status = 'superseded', superseded_by_id = $2 WHERE id = $1`, [
      id,
      byId,
    ]);
  }

  async pdf(
    m: EntityManager,
    id: string,
  ): Promise<{ pdf: Buffer; number: string; account_id: string } | null> {
    const rows = await m.query(`SELECT pdf, number, account_id::text FROM payment_documents WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** A keyset page by the bigint id (`ORDER BY id` alone would sort the text column `id::text`). */
  async list(m: EntityManager, f: ListFilter): Promise<DocumentRow[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM payment_documents
        WHERE ($1::date IS NULL OR period = $1) AND ($2::bigint IS NULL OR account_id = $2)
          AND ($3::bigint IS NULL OR building_id = $3) AND ($4::bigint IS NULL OR run_id = $4)
          AND ($5::bigint IS NULL OR id > $5)
        ORDER BY payment_documents.id LIMIT $6`,
      [f.period ? `${f.period}-01` : null, f.accountId, f.buildingId, f.runId, f.after, f.limit],
    );
  }

  /** Current documents of a building for a period, in number order, for the building's ZIP. */
  async pdfsOfBuilding(
    m: EntityManager,
    buildingId: string,
    period: string,
  ): Promise<{ id: string; number: string; account_number: string; pdf: Buffer | null }[]> {
    return m.query(
      `SELECT d.id::text, d.number, a.number AS account_number, d.pdf FROM payment_documents d JOIN accounts a ON a.id = d.account_id
        WHERE d.building_id = $1 AND d.period = $2 AND d.status = 'current' ORDER BY d.year, d.seq`,
      [buildingId, `${period}-01`],
    );
  }
}
