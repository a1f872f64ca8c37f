import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RegistrySummary } from './domain/registry-result.build';
import { PaymentRegistryResponseDto, RegistryLineResultDto } from './dto/payment-registry.dto';

interface RegistryRow {
  id: string;
  file_name: string | null;
  sha256: string;
  encoding: string;
  lines: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  total: string;
  accepted_amount: string;
  unchanged_amount: string;
  rejected_amount: string;
  control_lines: number | null;
  control_total: string | null;
  control_ok: boolean;
  control_message: string | null;
  results: RegistryLineResultDto[];
  created_by: string;
  created_at: Date;
  completed_at: Date | null;
}

function toRegistry(r: RegistryRow): PaymentRegistryResponseDto {
  return {
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    encoding: r.encoding,
    lines: r.lines,
    accepted: r.accepted,
    unchanged: r.unchanged,
    rejected: r.rejected,
    total: r.total,
    acceptedAmount: r.accepted_amount,
    unchangedAmount: r.unchanged_amount,
    rejectedAmount: r.rejected_amount,
    controlLines: r.control_lines,
    controlTotal: r.control_total,
    controlOk: r.control_ok,
    controlMessage: r.control_message,
    createdBy: r.created_by,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    results: r.results,
  };
}

/** SQL of payment_registries (one row per uploaded file, with its per-line report). */
@Injectable()
export class PaymentRegistriesRepository {
  async insert(
    m: EntityManager,
    r: { fileName: string | null; sha256: string; encoding: string; createdBy: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO payment_registries (file_name, sha256, encoding, created_by) VALUES ($1, $2, $3, $4)
       RETURNING id::text AS id`,
      [r.fileName, r.sha256, r.encoding, r.createdBy],
    );
    return row.id;
  }

  async complete(m: EntityManager, id: string, s: RegistrySummary): Promise<void> {
    await m.query(
      `UPDATE payment_registries SET lines = $2, accepted = $3, unchanged = $4, rejected = $5, total = $6,
              accepted_amount = $7, unchanged_amount = $8, rejected_amount = $9, control_lines = $10,
              control_total = $11, control_ok = $12, control_message = $13, results = $14, completed_at = now()
        WHERE id = $1`,
      [
        id,
        s.lines,
        s.accepted,
        s.unchanged,
        s.rejected,
        s.total,
        s.acceptedAmount,
        s.unchangedAmount,
        s.rejectedAmount,
        s.controlLines,
        s.controlTotal,
        s.controlOk,
        s.controlMessage,
        JSON.stringify(s.results),
      ],
    );
  }

  async find(m: EntityManager, id: string): Promise<PaymentRegistryResponseDto | undefined> {
    const rows: RegistryRow[] = await m.query(
      `SELECT id::text AS id, file_name, sha256, encoding, lines, accepted, unchanged, rejected, total::text AS total,
              accepted_amount::text AS accepted_amount, unchanged_amount::text AS unchanged_amount,
              rejected_amount::text AS rejected_amount, control_lines, control_total::text AS control_total,
              control_ok, control_message, results, created_by, created_at, completed_at
         FROM payment_registries WHERE id = $1`,
      [id],
    );
    return rows[0] && toRegistry(rows[0]);
  }
}
