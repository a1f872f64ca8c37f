import { Injectable, Logger } from '@nestjs/common';
import { Response } from 'express';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuditService } from 'src/common/audit/audit.service';
import { canSeePersonalData, Principal } from 'src/common/auth/roles';
import { CONTENT_TYPES, ExportFormat, formatter } from './domain/consumption-format';
import { buildConsumptionRow, ConsumptionSqlRow } from './domain/consumption-row.build';
import { ConsumptionExportQuery, ConsumptionManifestDto } from './dto/consumption-export.dto';
import { ExportsRepository } from './exports.repository';

interface Totals {
  rows: number;
  bytes: number;
  sha256: string;
}

export const TRAILER_ROWS = 'X-Export-Rows';
export const TRAILER_SHA256 = 'X-Export-Sha256';

/**
 * Whole-period files streamed with constant memory: CSV as the bytes of a binary COPY of lines that
 * PostgreSQL formats (consumption.sql.ts, copy-out.ts); JSONL and XML as rows of a server-side cursor
 * → text of the format. Then a tap counting bytes and hashing them → the response (or nothing, for
 * the manifest). Back-pressure runs end to end (a slow client pauses the database socket), so a slow
 * client slows the query, not the heap. The manifest streams the same bytes, so its checksum is that
 * of the download made with the same data.
 */
@Injectable()
export class ConsumptionStreamService {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly repo: ExportsRepository,
    private readonly audit: AuditService,
  ) {}

  async download(q: ConsumptionExportQuery, principal: Principal, res: Response): Promise<void> {
    const format = q.format ?? 'csv';
    const pii = canSeePersonalData(principal);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="consumption-${q.period}.${format}"`);
    res.setHeader('X-Export-Personal-Data', String(pii));
    // HTTP/1.1 chunked trailers for clients that read them; the manifest endpoint for all others.
    res.setHeader('Trailer', `${TRAILER_ROWS}, ${TRAILER_SHA256}`);
    const progress = { rows: 0, completed: false };
    try {
      // Logged (and audited) before the last byte leaves: a client that has the file has its record.
      await this.produce(q.period, format, pii, res, progress, async (t) => {
        await this.record(principal, 'download', q.period, format, pii, progress);
        res.addTrailers({ [TRAILER_ROWS]: String(t.rows), [TRAILER_SHA256]: t.sha256 });
      });
    } catch (e) {
      if (!progress.completed) await this.record(principal, 'download', q.period, format, pii, progress);
      // Once bytes are out the status cannot change: the connection was cut, so the client sees a
      // truncated transfer (and a checksum that does not match the manifest), never a "complete" file.
      if (!res.headersSent) throw e;
      this.logger.warn(`export ${q.period}.${format} aborted after ${progress.rows} rows: ${String(e)}`);
    }
  }

  async manifest(q: ConsumptionExportQuery, principal: Principal): Promise<ConsumptionManifestDto> {
    const format = q.format ?? 'csv';
    const pii = canSeePersonalData(principal);
    const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
    const progress = { rows: 0, completed: false };
    const t = await this.produce(q.period, format, pii, discard, progress);
    await this.record(principal, 'manifest', q.period, format, pii, progress);
    return { period: q.period, format, personalData: pii, ...t };
  }

  private async produce(
    period: string,
    format: ExportFormat,
    pii: boolean,
    sink: Writable,
    progress: { rows: number; completed: boolean },
    beforeEnd?: (t: Totals) => Promise<void>,
  ): Promise<Totals> {
    const fmt = formatter(format, { period, personalData: pii });
    const encode = new Transform({
      writableObjectMode: true,
      transform(row: ConsumptionSqlRow, _enc, cb: TransformCallback) {
        progress.rows += 1;
        cb(null, fmt.row(buildConsumptionRow(row)));
      },
      flush(cb: TransformCallback) {
        cb(null, fmt.tail || undefined);
      },
    });
    if (fmt.head && format !== 'csv') encode.push(fmt.head);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        hash.update(chunk);
        bytes += chunk.length;
        cb(null, chunk);
      },
      flush(cb: TransformCallback) {
        progress.completed = true;
        const totals = { rows: progress.rows, bytes, sha256: hash.copy().digest('hex') };
        (beforeEnd ? beforeEnd(totals) : Promise.resolve()).then(() => cb(), cb);
      },
    });
    // CSV is formatted by PostgreSQL and arrives as bytes (COPY); JSONL and XML are built here from
    // the cursor's rows. Either way every stage is a bounded stream with back-pressure.
    const source =
      format === 'csv'
        ? await this.repo.streamPeriodCsv(period, pii, { head: fmt.head, onRow: () => (progress.rows += 1) })
        : await this.repo.streamPeriod(period, pii);
    try {
      await (format === 'csv' ? pipeline(source.rows, tap, sink) : pipeline(source.rows, encode, tap, sink));
    } catch (e) {
      await source.close(e as Error);
      throw e;
    }
    await source.close();
    return { rows: progress.rows, bytes, sha256: hash.digest('hex') };
  }

  /** Every download is logged; one that carried personal data is audited (rows actually sent). */
  private async record(
    principal: Principal,
    kind: 'download' | 'manifest',
    period: string,
    format: ExportFormat,
    pii: boolean,
    { rows, completed }: { rows: number; completed: boolean },
  ): Promise<void> {
    const pullId = await this.repo.logPull({
      principal,
      kind,
      period,
      format,
      rows,
      cursorIn: null,
      cursorOut: null,
      notModified: false,
      personalData: pii,
    });
    if (kind === 'download' && pii && rows > 0) {
      await this.audit.record({
        actor: principal,
        action: 'GET /api/v1/exports/consumption',
        entity: 'exports',
        entityId: pullId,
        details: { period, rows, format, completed },
      });
    }
  }
}
