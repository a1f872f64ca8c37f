import { DataSource } from 'typeorm';
import { callApi, forkReadyWorkers, stopWorkers } from 'src/demo/processes';
import { renderPdf } from 'src/shared/pdf';
import { round2 } from 'src/bench/round';

export interface BenchDocumentsParams {
  /** The benchmark database (charge lines of `period` already written by a billing run). */
  db: DataSource;
  /** Base URL of the running API, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** Auth headers of a staff or admin principal (e.g. the bootstrap admin API key). */
  headers: Record<string, string>;
  /** Billing period YYYY-MM. */
  period: string;
  /** Accounts to issue (the first `limit` billed accounts by id); default 500. */
  limit?: number;
  /** Worker processes to fork (dist/src/worker.js); 0 = the caller runs the worker. Default 1. */
  workers?: number;
}

export interface BenchDocumentsResult {
  documents: number;
  /** From the batch's creation to its settling (database timestamps). */
  seconds: number;
  /** The same number of minimal one-page PDFs with the same embedded font, sequentially in one process. */
  floorSeconds: number;
  ratio: number;
  perSecond: number;
}

/**
 * Batch issue of payment documents through the real path (POST /api/v1/document-runs → BullMQ →
 * worker processes → PostgreSQL: content, numbers and PDF bytes), against a floor of minimal PDFs.
 * Clears earlier documents first, so it can be repeated on the same database.
 */
export async function benchDocuments(p: BenchDocumentsParams): Promise<BenchDocumentsResult> {
  const limit = p.limit ?? 500;
  await p.db.query(
    `TRUNCATE payment_documents, payment_document_counters, document_run_chunks, document_runs`,
  );
  const rows: { id: string }[] = await p.db.query(
    // The first accounts with lines in the period, walked in account order (a DISTINCT over the
    // period's lines reads all of them: at L, 7.3 million, past the statement timeout).
    `SELECT a.id::text AS id FROM accounts a
      WHERE EXISTS (SELECT 1 FROM charge_lines c WHERE c.account_id = a.id AND c.period = $1)
      ORDER BY a.id LIMIT $2`,
    [`${p.period}-01`, limit],
  );
  const accountIds = rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
  // The clock starts once the workers are ready for jobs (application up, render threads warm).
  const procs = p.workers === 0 ? [] : await forkReadyWorkers(p.workers ?? 1);
  try {
    const run = await callApi(p.baseUrl, 'POST', '/api/v1/document-runs', p.headers, {
      period: p.period,
      accountIds,
    });
    for (let failures = 0; ;) {
      await new Promise((r) => setTimeout(r, 200));
      // A busy API (worker in the same process) may drop a kept-alive connection: retry a few times.
      const state = await callApi(
        p.baseUrl,
        'GET',
        `/api/v1/document-runs/${run.id as string}`,
        p.headers,
      ).catch((e: unknown) => {
        if (++failures > 5) throw e;
        return { status: 'running' };
      });
      if (!['queued', 'running'].includes(state.status as string)) break;
    }
    const [t] = await p.db.query(
      `SELECT extract(epoch FROM finished_at - created_at)::text AS s,
              (SELECT count(*)::int FROM payment_documents WHERE run_id = r.id) AS n
         FROM document_runs r WHERE id = $1`,
      [run.id],
    );
    const documents = Number(t.n);
    const seconds = Number(t.s);
    const floorSeconds = await floor(documents);
    return {
      documents,
      seconds: round2(seconds),
      floorSeconds: round2(floorSeconds),
      ratio: round2(seconds / floorSeconds),
      perSecond: round2(documents / seconds),
    };
  } finally {
    await stopWorkers(procs);
  }
}

/** Minimal one-page PDFs (the same DejaVu font, one line of Cyrillic text), one after another. */
async function floor(n: number): Promise<number> {
  const createdAt = new Date('2026-01-01T00:00:00Z');
  // One render first: the fonts are parsed once per process, as in a worker that has issued before.
  await renderPdf({ title: 'ЕПД', createdAt }, (doc) => {
    doc.text('Единый платёжный документ');
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < Math.max(n, 1); i++) {
    await renderPdf({ title: 'ЕПД', createdAt }, (doc) => {
      doc.text(`Единый платёжный документ № ${i + 1}`);
    });
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
