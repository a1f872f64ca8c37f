import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeltaLine, RecalculationKind, RecalculationStatus } from './domain/recalculation.types';
import { RecalculationDto, RecalculationLineDto, RecalculationSummaryDto } from './dto/recalculation.dto';

export interface NewDocument {
  kind: RecalculationKind;
  reasonCode: string;
  reason: string;
  accountId: string;
  correctedFrom: string;
  correctedTo: string;
  postingPeriod: string;
  status: RecalculationStatus;
  amount: string;
  basis: Record<string, unknown>;
  proposedLines: DeltaLine[];
  absenceId?: string;
  controlCheckId?: string;
  createdBy: string;
  createdById: string;
}

export interface DocRow {
  id: string;
  number: string;
  kind: string;
  reason_code: string;
  reason: string;
  account_id: string;
  corrected_from: string;
  corrected_to: string;
  posting_period: string;
  status: string;
  amount: string;
  basis: Record<string, unknown>;
  proposed_lines: DeltaLine[];
  created_by: string;
  created_by_id: string;
  created_at: Date;
  decision: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  posted_at: Date | null;
}

export interface ListFilter {
  accountId?: string;
  period?: string;
  correctedPeriod?: string;
  kind?: string;
  status?: string;
  after?: string;
  limit: number;
}

const COLUMNS = `id::text, number, kind, reason_code, reason, account_id::text, to_char(corrected_from, 'YYYY-MM') AS corrected_from,
  to_char(corrected_to, 'YYYY-MM') AS corrected_to, to_char(posting_period, 'YYYY-MM') AS posting_period, status,
  amount::text, basis, proposed_lines, created_by, created_by_id, created_at, decision, decided_by, decided_at,
  decision_reason, posted_at`;

/** SQL of recalculation documents and their delta lines (raw queries, rows mapped explicitly). */
@Injectable()
export class RecalculationsRepository {
  /** Closed periods (YYYY-MM) from `from` on. */
  async closedPeriods(m: EntityManager, from: string): Promise<string[]> {
    const rows: { p: string }[] = await m.query(
      `SELECT to_char(period, 'YYYY-MM') AS p FROM billing_periods WHERE status = 'closed' AND period >= $1 ORDER BY 1`,
      [`${from}-01`],
    );
    return rows.map((r) => r.p);
  }

  async insertDocument(m: EntityManager, d: NewDocument): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO recalculations (kind, reason_code, reason, account_id, corrected_from, corrected_to, posting_period, status,
                                   amount, basis, proposed_lines, absence_id, control_check_id, created_by, created_by_id, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $8 = 'posted' THEN now() END)
       RETURNING id::text`,
      [
        d.kind,
        d.reasonCode,
        d.reason,
        d.accountId,
        `${d.correctedFrom}-01`,
        `${d.correctedTo}-01`,
        `${d.postingPeriod}-01`,
        d.status,
        d.amount,
        JSON.stringify(d.basis),
        JSON.stringify(d.proposedLines),
        d.absenceId ?? null,
        d.controlCheckId ?? null,
        d.createdBy,
        d.createdById,
      ],
    );
    return row.id;
  }

  /** Writes a document's lines in one statement (the trigger refuses a closed posting period). */
  async insertLines(m: EntityManager, docId: string, accountId: string, posting: string, lines: DeltaLine[]) {
    if (!lines.length) return;
    await m.query(
      `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code, zone, part,
                                        charge_line_id, volume_delta, unit, tariff, amount_delta, formula, basis)
       SELECT $1, $2, $3, (x."correctedPeriod" || '-01')::date, x."serviceCode", x.zone, x.part, x."chargeLineId", x."volumeDelta",
              x.unit, x.tariff, x."amountDelta", x.formula, x.basis
         FROM jsonb_to_recordset($4::jsonb) AS x("correctedPeriod" text, "serviceCode" text, zone text, part smallint,
              "chargeLineId" bigint, "volumeDelta" numeric, unit text, tariff numeric, "amountDelta" numeric, formula text, basis jsonb)`,
      [docId, accountId, `${posting}-01`, JSON.stringify(lines)],
    );
  }

  async lockDocument(m: EntityManager, id: string): Promise<DocRow | undefined> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM recalculations WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  async decide(
    m: EntityManager,
    id: string,
    d: { status: RecalculationStatus; decision: string; by: string; byId: string; reason: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE recalculations SET status = $2, decision = $3, decided_by = $4, decided_by_id = $5, decided_at = now(),
              decision_reason = $6, posted_at = CASE WHEN $2 = 'posted' THEN now() END
        WHERE id = $1`,
      [id, d.status, d.decision, d.by, d.byId, d.reason],
    );
  }

  async find(m: EntityManager, id: string): Promise<RecalculationDto | undefined> {
    const [row]: DocRow[] = await m.query(`SELECT ${COLUMNS} FROM recalculations WHERE id = $1`, [id]);
    if (!row) return undefined;
    const lines: LineRow[] = await m.query(
      `SELECT id::text, to_char(corrected_period, 'YYYY-MM') AS corrected_period, to_char(posting_period, 'YYYY-MM') AS posting_period,
              service_code, zone, part, charge_line_id::text, volume_delta::text, unit, tariff::text, amount_delta::text, formula, basis
         FROM recalculation_lines WHERE recalculation_id = $1 ORDER BY corrected_period, service_code, zone NULLS FIRST, part`,
      [id],
    );
    return toDocument(row, lines);
  }

  /**
   * A keyset page by id. The order is by the table's bigint `recalculations.id`: a bare `ORDER BY id`
   * would name the output column `id::text` and sort '10' before '9', while `id > after` compares
   * numbers — rows would be skipped or repeated across pages once ids gain a digit.
   */
  async list(m: EntityManager, f: ListFilter): Promise<RecalculationSummaryDto[]> {
    const rows: DocRow[] = await m.query(
      `SELECT ${COLUMNS} FROM recalculations
        WHERE ($1::bigint IS NULL OR account_id = $1) AND ($2::date IS NULL OR posting_period = $2)
          AND ($3::date IS NULL OR $3 BETWEEN corrected_from AND corrected_to)
          AND ($4::text IS NULL OR kind = $4) AND ($5::text IS NULL OR status = $5) AND ($6::bigint IS NULL OR id > $6)
        ORDER BY recalculations.id LIMIT $7`,
      [
        f.accountId ?? null,
        f.period ? `${f.period}-01` : null,
        f.correctedPeriod ? `${f.correctedPeriod}-01` : null,
        f.kind ?? null,
        f.status ?? null,
        f.after ?? null,
        f.limit + 1,
      ],
    );
    return rows.map(toSummary);
  }
}

interface LineRow {
  id: string;
  corrected_period: string;
  posting_period: string;
  service_code: string;
  zone: string | null;
  part: number;
  charge_line_id: string | null;
  volume_delta: string;
  unit: string;
  tariff: string | null;
  amount_delta: string;
  formula: string;
  basis: Record<string, unknown>;
}

function toSummary(r: DocRow): RecalculationSummaryDto {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    reasonCode: r.reason_code,
    reason: r.reason,
    accountId: r.account_id,
    correctedFrom: r.corrected_from,
    correctedTo: r.corrected_to,
    postingPeriod: r.posting_period,
    status: r.status,
    amount: r.amount,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    postedAt: r.posted_at?.toISOString() ?? null,
  };
}

function toDocument(r: DocRow, lines: LineRow[]): RecalculationDto {
  const proposed = r.status === RecalculationStatus.Posted ? [] : r.proposed_lines;
  return {
    ...toSummary(r),
    basis: r.basis,
    decision: r.decision,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionReason: r.decision_reason,
    lines: lines.map((l) => ({
      id: l.id,
      correctedPeriod: l.corrected_period,
      postingPeriod: l.posting_period,
      serviceCode: l.service_code,
      zone: l.zone,
      part: l.part,
      chargeLineId: l.charge_line_id,
      volumeDelta: l.volume_delta,
      unit: l.unit,
      tariff: l.tariff,
      amountDelta: l.amount_delta,
      formula: l.formula,
      basis: l.basis,
    })),
    proposedLines: proposed.map((l): RecalculationLineDto => ({
      id: null,
      postingPeriod: r.posting_period,
      ...l,
    })),
  };
}
