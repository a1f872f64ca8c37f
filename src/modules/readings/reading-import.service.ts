import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import {
  checkImportLine,
  groupImportLines,
  ImportGroup,
  ImportLine,
  parseReadingsCsv,
} from './domain/reading-import.rules';
import { ReadingImportLineResultDto, ReadingImportResponseDto } from './dto/reading-import.dto';
import { ReadingErrorCode, ReadingRefusal } from './readings.errors';
import { ReadingsRepository } from './readings.repository';
import { ReadingsService, SubmissionOutcome } from './readings.service';

/** Meters per transaction: bounds how long an import holds meter locks and how much history it loads. */
export const IMPORT_CHUNK_METERS = 200;

type Status = ReadingImportLineResultDto['status'];

/**
 * Bulk import of readings from a CSV file. Each meter-and-day group is one submission through
 * `ReadingsService.submitBatch`, the same path as the single POST; groups are processed in
 * transactions of up to IMPORT_CHUNK_METERS meters, and a refused group stores nothing while the
 * others go ahead. Re-importing the same file answers every line "unchanged".
 */
@Injectable()
export class ReadingImportService {
  /** Meters per transaction (a field so tests can force several chunks). */
  chunkMeters = IMPORT_CHUNK_METERS;

  constructor(
    private readonly db: DataSource,
    private readonly repo: ReadingsRepository,
    private readonly readings: ReadingsService,
  ) {}

  async import(body: unknown, fileName: string | null, createdBy: string): Promise<ReadingImportResponseDto> {
    return this.run(this.csvBody(body), fileName, createdBy);
  }

  /** The request body as CSV text; 400 READING_IMPORT_NOT_CSV otherwise. */
  csvBody(body: unknown): string {
    if (typeof body !== 'string' || !body.trim()) {
      throw new BadInputError(
        ReadingErrorCode.ImportNotCsv,
        'Send the file as the request body with Content-Type text/csv',
        'body',
      );
    }
    return body;
  }

  /**
   * Imports a parsed file; `onProgress` is called after each chunk's commit with the lines decided so
   * far (the job's progress). Per-line idempotent: running a file again stores nothing twice.
   */
  async run(
    body: string,
    fileName: string | null,
    createdBy: string,
    onProgress?: (p: ImportProgress) => Promise<void>,
  ): Promise<ReadingImportResponseDto> {
    const lines = parseReadingsCsv(body);
    const results = new Map<number, ReadingImportLineResultDto>();
    const reject = (l: ImportLine, meterId: string | null, r: ReadingRefusal) =>
      results.set(l.line, lineResult(l, meterId, 'rejected', r));
    const valid = lines.filter((l) => {
      const problem = checkImportLine(l);
      if (problem) reject(l, l.meterId, problem);
      return !problem;
    });
    const resolved = await this.resolveMeters(valid, reject);
    const groups: ImportGroup[] = [];
    for (const g of groupImportLines(resolved)) {
      if ('refusal' in g) g.lines.forEach((l) => reject(l, g.meterId, g.refusal));
      else groups.push(g);
    }
    const progress = onProgress ? () => onProgress(progressOf(results)) : undefined;
    await progress?.();
    await this.submitInChunks(groups, createdBy, results, progress);
    return this.record(
      body,
      fileName,
      createdBy,
      lines.map((l) => results.get(l.line)!),
    );
  }

  /**
   * Meter ids for the lines, found in two queries: by id or serial, and by account number + service
   * (the account's premises must have exactly one active meter of the service). Lines naming no meter,
   * or an account with several, are rejected.
   */
  private async resolveMeters(
    lines: ImportLine[],
    reject: (l: ImportLine, meterId: string | null, r: ReadingRefusal) => void,
  ): Promise<{ line: ImportLine; meterId: string }[]> {
    const ids = [...new Set(lines.flatMap((l) => (l.meterId ? [l.meterId] : [])))];
    const serials = lines.flatMap((l) =>
      !l.meterId && l.serialNumber ? [{ serialNumber: l.serialNumber, serviceCode: l.serviceCode! }] : [],
    );
    const accounts = lines.flatMap((l) =>
      !l.meterId && !l.serialNumber && l.accountNumber
        ? [{ accountNumber: l.accountNumber, serviceCode: l.serviceCode! }]
        : [],
    );
    const found = await this.repo.findImportMeters(this.db.manager, ids, serials);
    const byAccount = new Map<string, string[]>();
    for (const r of accounts.length ? await this.repo.findAccountMeters(this.db.manager, accounts) : []) {
      const key = `${r.service_code}|${r.account_number}`;
      byAccount.set(key, [...(byAccount.get(key) ?? []), r.id]);
    }
    const byId = new Set(found.map((m) => m.id));
    const bySerial = new Map(found.map((m) => [`${m.service_code}|${m.serial_number}`, m.id]));
    return lines.flatMap((l) => {
      const ofAccount = l.accountNumber ? (byAccount.get(`${l.serviceCode}|${l.accountNumber}`) ?? []) : [];
      if (!l.meterId && !l.serialNumber && ofAccount.length > 1) {
        const why = `account ${l.accountNumber} has ${ofAccount.length} active ${l.serviceCode} meters: give serial_number`;
        reject(l, null, new BadInputError(ReadingErrorCode.ImportLineInvalid, why, 'account_number'));
        return [];
      }
      const meterId = l.meterId
        ? byId.has(l.meterId)
          ? l.meterId
          : undefined
        : l.serialNumber
          ? bySerial.get(`${l.serviceCode}|${l.serialNumber}`)
          : ofAccount[0];
      if (meterId) return [{ line: l, meterId }];
      const ref = l.meterId ?? `${l.serviceCode} ${l.serialNumber ?? `of account ${l.accountNumber}`}`;
      reject(l, l.meterId, new NotFoundError('meter', ref));
      return [];
    });
  }

  /** Groups in meter and date order, one transaction per chunk of meters. */
  private async submitInChunks(
    groups: ImportGroup[],
    createdBy: string,
    results: Map<number, ReadingImportLineResultDto>,
    progress?: () => Promise<void>,
  ): Promise<void> {
    groups.sort((a, b) =>
      BigInt(a.meterId) < BigInt(b.meterId)
        ? -1
        : a.meterId !== b.meterId
          ? 1
          : a.takenOn.localeCompare(b.takenOn),
    );
    for (const chunk of chunkByMeter(groups, this.chunkMeters)) {
      const submissions = chunk.map((g) => ({
        meterId: g.meterId,
        values: g.values,
        takenOn: g.takenOn,
        channel: g.channel,
        kind: 'regular' as const,
      }));
      const outcomes = await this.db.transaction((m) => this.readings.submitBatch(m, submissions, createdBy));
      chunk.forEach((g, i) =>
        g.lines.forEach((l) => results.set(l.line, outcomeResult(l, g.meterId, outcomes[i]))),
      );
      await progress?.();
    }
  }

  private async record(
    body: string,
    fileName: string | null,
    createdBy: string,
    results: ReadingImportLineResultDto[],
  ): Promise<ReadingImportResponseDto> {
    const count = (s: Status) => results.filter((r) => r.status === s).length;
    const summary = {
      lines: results.length,
      accepted: count('accepted'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
    };
    const sha256 = createHash('sha256').update(body).digest('hex');
    const importId = await this.repo.insertImport(this.db.manager, {
      fileName,
      sha256,
      ...summary,
      results,
      createdBy,
    });
    return { importId, ...summary, results };
  }
}

/** Lines decided so far and how. */
export interface ImportProgress {
  done: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

function progressOf(results: Map<number, ReadingImportLineResultDto>): ImportProgress {
  const p = { done: results.size, accepted: 0, unchanged: 0, rejected: 0 };
  for (const r of results.values()) p[r.status]++;
  return p;
}

function chunkByMeter(groups: ImportGroup[], maxMeters: number): ImportGroup[][] {
  const chunks: ImportGroup[][] = [];
  let meters = 0;
  let last: string | null = null;
  for (const g of groups) {
    if (g.meterId !== last) {
      if (meters % maxMeters === 0) chunks.push([]);
      meters++;
      last = g.meterId;
    }
    chunks[chunks.length - 1].push(g);
  }
  return chunks;
}

function outcomeResult(l: ImportLine, meterId: string, o: SubmissionOutcome): ReadingImportLineResultDto {
  return o.status === 'rejected'
    ? lineResult(l, meterId, 'rejected', o.refusal)
    : lineResult(l, meterId, o.status);
}

function lineResult(
  l: ImportLine,
  meterId: string | null,
  status: Status,
  refusal?: ReadingRefusal,
): ReadingImportLineResultDto {
  const base = { line: l.line, meterId, zone: l.zone, status };
  return refusal ? { ...base, code: refusal.code, message: refusal.message } : base;
}
