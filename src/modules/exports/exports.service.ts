import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/common/audit/audit.service';
import { canSeePersonalData, Principal } from 'src/common/auth/roles';
import { BadInputError } from 'src/common/errors/domain-error';
import { buildConsumptionRow, ConsumptionRow } from './domain/consumption-row.build';
import { decodeCursor, encodeCursor, ExportCursor, InvalidCursor } from './domain/export-cursor';
import { etagMatches, weakEtag } from './domain/etag';
import { ConsumptionPageDto, ConsumptionPagesQuery } from './dto/consumption-export.dto';
import { ExportPullsPageDto, ListExportPullsQuery, toExportPull } from './dto/export-pull.dto';
import { ExportsErrorCode, InvalidCursorError } from './exports.errors';
import { ExportsRepository } from './exports.repository';

/** What a page request asks for, once its cursor is decoded. */
type Plan =
  | { mode: 'full'; period: string; snapshot: string; after: [string, string] | null }
  | {
      mode: 'changes';
      period: string;
      from: string;
      to: string;
      after: [string, string] | null;
    };

export interface PageResult {
  etag: string;
  notModified: boolean;
  body: ConsumptionPageDto;
}

const DEFAULT_LIMIT = 500;

/**
 * The pull API. A full pull pages through the period in (account id, service code) order; its last
 * page hands back a `changesCursor` holding the snapshot taken before its first page. An incremental
 * pull (`changedSince`) returns the current rows of every key whose last write committed after that
 * snapshot (tombstones for keys without lines), and hands back the snapshot taken before it started.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: ExportsRepository,
    private readonly audit: AuditService,
  ) {}

  async page(q: ConsumptionPagesQuery, principal: Principal, ifNoneMatch?: string): Promise<PageResult> {
    const pii = canSeePersonalData(principal);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const plan = await this.plan(q);
    const raw =
      plan.mode === 'full'
        ? await this.repo.periodPage(plan.period, plan.after, pii, limit + 1)
        : await this.repo.changedPage(plan.period, plan, plan.after, pii, limit + 1);
    const items = raw.slice(0, limit).map(buildConsumptionRow);
    const body = this.pageBody(plan, items, raw.length > limit);
    const etag = weakEtag([q.period ?? null, limit, q.cursor ?? null, q.changedSince ?? null, pii, items]);
    const notModified = etagMatches(ifNoneMatch, etag);
    const pullId = await this.repo.logPull({
      principal,
      kind: plan.mode === 'full' ? 'page' : 'changes',
      period: plan.period,
      format: null,
      rows: notModified ? 0 : items.length,
      cursorIn: q.cursor ?? q.changedSince ?? null,
      cursorOut: notModified ? null : (body.nextCursor ?? body.changesCursor),
      notModified,
      personalData: pii,
    });
    if (pii && !notModified && items.length) {
      await this.audit.record({
        actor: principal,
        action: 'GET /api/v1/exports/consumption/pages',
        entity: 'exports',
        entityId: pullId,
        details: { period: plan.period, rows: items.length, format: 'json', mode: plan.mode },
      });
    }
    return { etag, notModified, body };
  }

  async listPulls(q: ListExportPullsQuery): Promise<ExportPullsPageDto> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.listPulls(
      { principalId: q.principalId ?? null, period: q.period ?? null },
      limit + 1,
      q.before ?? null,
    );
    const items = rows.slice(0, limit).map(toExportPull);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
  }

  private pageBody(plan: Plan, items: ConsumptionRow[], more: boolean): ConsumptionPageDto {
    const last = items[items.length - 1];
    const key: [string, string] | null = last ? [last.accountId, last.serviceCode] : null;
    let next: ExportCursor | null = null;
    if (more && key) {
      next =
        plan.mode === 'full'
          ? { v: 1, m: 'full', p: plan.period, s: plan.snapshot, k: key }
          : { v: 1, m: 'changes', p: plan.period, from: plan.from, to: plan.to, k: key };
    }
    const since: ExportCursor = {
      v: 1,
      m: 'since',
      p: plan.period,
      s: plan.mode === 'full' ? plan.snapshot : plan.to,
    };
    return {
      mode: plan.mode,
      period: plan.period,
      items,
      nextCursor: next ? encodeCursor(next) : null,
      changesCursor: next ? null : encodeCursor(since),
    };
  }

  /** Decodes the request; a snapshot is taken before any row is read (the pull's consistency point). */
  private async plan(q: ConsumptionPagesQuery): Promise<Plan> {
    if (q.cursor && q.changedSince) {
      throw new BadInputError(
        ExportsErrorCode.CursorAndChangedSince,
        'Pass either cursor (next page) or changedSince (new pull), not both',
        'cursor',
      );
    }
    if (q.cursor) {
      const c = decode('cursor', q.cursor);
      checkPeriod(q.period, c.p);
      if (c.m === 'full') return { mode: 'full', period: c.p, snapshot: c.s, after: c.k };
      if (c.m === 'changes') return { mode: 'changes', period: c.p, from: c.from, to: c.to, after: c.k };
      throw new InvalidCursorError('cursor', 'a changes cursor goes in changedSince');
    }
    if (q.changedSince) {
      const c = decode('changedSince', q.changedSince);
      if (c.m !== 'since') throw new InvalidCursorError('changedSince', 'not a changes cursor');
      checkPeriod(q.period, c.p);
      const to = await this.repo.currentSnapshot();
      return { mode: 'changes', period: c.p, from: c.s, to, after: null };
    }
    if (!q.period) {
      throw new BadInputError(
        ExportsErrorCode.PeriodRequired,
        'period is required to start a pull',
        'period',
      );
    }
    return {
      mode: 'full',
      period: q.period,
      snapshot: await this.repo.currentSnapshot(),
      after: null,
    };
  }
}

function decode(field: 'cursor' | 'changedSince', text: string): ExportCursor {
  try {
    return decodeCursor(text);
  } catch (e) {
    if (e instanceof InvalidCursor) throw new InvalidCursorError(field, e.message);
    throw e;
  }
}

function checkPeriod(asked: string | undefined, inCursor: string): void {
  if (asked && asked !== inCursor) {
    throw new BadInputError(
      ExportsErrorCode.CursorMismatch,
      `The cursor belongs to period ${inCursor}, not ${asked}`,
      'period',
    );
  }
}
