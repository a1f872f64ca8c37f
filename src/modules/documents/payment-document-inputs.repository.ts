import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CreateDocumentNoticeDto, DocumentNoticeDto } from './dto/document-notice.dto';
import { AccountDocumentInputs, ChargeLineInput, RecalculationInput } from './domain/payment-document.inputs';
import { PayeeDetails } from './domain/payment-document.types';

type Row = Record<string, string | null>;

const ORG_COLUMNS = `o.id::text AS org_id, o.name AS org_name, o.inn AS org_inn, o.kpp AS org_kpp,
  o.bank_name AS org_bank_name, o.bic AS org_bic, o.correspondent_account AS org_corresp,
  o.settlement_account AS org_settlement`;

function payeeOf(r: Row): PayeeDetails {
  return {
    organisationId: r.org_id!,
    name: r.org_name!,
    inn: r.org_inn!,
    kpp: r.org_kpp,
    bankName: r.org_bank_name!,
    bic: r.org_bic!,
    correspondentAccount: r.org_corresp!,
    settlementAccount: r.org_settlement!,
  };
}

// $1 account ids, $2 the period's first day, $3 its last day. Each statement covers every account and
// names all three parameters (`$2::date <= $3::date` where a statement needs only one day) so their types are known.
const ACCOUNTS = `
  SELECT a.id::text AS account_id, a.number, a.holder_name, a.opened_on::text, a.closed_on::text,
         p.number AS premises_number, p.area::text AS area, b.id::text AS building_id, b.address,
         coalesce((SELECT r.count FROM account_residents r WHERE r.account_id = a.id AND r.valid_from <= $3
                    ORDER BY r.valid_from DESC LIMIT 1), 0)::text AS residents, ${ORG_COLUMNS}
    FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id
    JOIN organisations o ON o.id = b.organisation_id
   WHERE a.id = ANY($1::bigint[]) AND $2::date <= $3::date`;

const SUPPLIERS = `
  SELECT DISTINCT bs.building_id::text AS building_id, bs.service_code, ${ORG_COLUMNS}
    FROM building_services bs JOIN organisations o ON o.id = bs.supplier_organisation_id
   WHERE bs.building_id IN (SELECT p.building_id FROM accounts a JOIN premises p ON p.id = a.premises_id
                             WHERE a.id = ANY($1::bigint[]))
     AND bs.valid_from <= $3 AND (bs.valid_to IS NULL OR bs.valid_to >= $2)`;

const CHARGES = `
  SELECT c.account_id::text AS account_id, c.service_code, s.name AS service_name, s.unit, s.sort_order::text,
         s.calculation, c.method, c.volume::text, c.tariff::text, c.amount::text, c.coefficient::text,
         c.coefficient_amount::text, c.basis
    FROM charge_lines c JOIN services s ON s.code = c.service_code
   WHERE c.account_id = ANY($1::bigint[]) AND c.period = $2 AND $2::date <= $3::date
   ORDER BY c.account_id, s.sort_order, c.zone NULLS FIRST, c.part`;

const RECALCULATIONS = `
  SELECT l.account_id::text AS account_id, r.number, l.service_code, s.name AS service_name, s.unit,
         s.sort_order::text, s.calculation, to_char(l.corrected_period, 'YYYY-MM') AS corrected_period,
         r.reason, sum(l.amount_delta)::numeric(14,2)::text AS amount
    FROM recalculation_lines l JOIN recalculations r ON r.id = l.recalculation_id
    JOIN services s ON s.code = l.service_code
   WHERE l.account_id = ANY($1::bigint[]) AND l.posting_period = $2 AND $2::date <= $3::date
   GROUP BY l.account_id, r.id, r.number, l.service_code, s.name, s.unit, s.sort_order, s.calculation,
            l.corrected_period, r.reason
  HAVING sum(l.amount_delta) <> 0
   ORDER BY l.account_id, r.id, s.sort_order, l.corrected_period`;

// Balance before the period: charges, recalculations and penalty lines of earlier periods, migrated
// balances (principal and penalty), less payments made before the period's first day.
const BALANCES = `
  SELECT a.id::text AS account_id,
         (coalesce((SELECT sum(amount) FROM charge_lines WHERE account_id = a.id AND period < $2), 0)
        + coalesce((SELECT sum(amount_delta) FROM recalculation_lines WHERE account_id = a.id AND posting_period < $2), 0)
        + coalesce((SELECT sum(amount) FROM opening_balances WHERE account_id = a.id AND period < $2), 0)
        + coalesce((SELECT sum(amount) FROM penalty_charges WHERE account_id = a.id AND period < $2), 0)
        - coalesce((SELECT sum(amount) FROM payments WHERE account_id = a.id AND paid_on < $2), 0))::numeric(14,2)::text AS opening,
         coalesce((SELECT sum(amount) FROM opening_balances WHERE account_id = a.id AND period = $2), 0)::numeric(14,2)::text AS imported,
         coalesce((SELECT sum(amount) FROM penalty_charges WHERE account_id = a.id AND period = $2), 0)::numeric(14,2)::text AS penalty
    FROM accounts a WHERE a.id = ANY($1::bigint[]) AND $2::date <= $3::date`;

const PAYMENTS = `
  SELECT account_id::text AS account_id, paid_on::text AS paid_on, amount::text, channel
    FROM payments WHERE account_id = ANY($1::bigint[]) AND paid_on BETWEEN $2 AND $3
   ORDER BY account_id, paid_on, id`;

// Individual meters of the premises in use during the period, with the last reading before the
// period and the last one counted for it, per zone.
const METERS = `
  SELECT a.id::text AS account_id, m.service_code, s.name AS service_name, m.serial_number, z.zone,
         m.next_verification_on::text AS next_verification_on,
         prev.value::text AS prev_value, prev.taken_on::text AS prev_taken_on,
         cur.value::text AS cur_value, cur.taken_on::text AS cur_taken_on
    FROM accounts a JOIN meters m ON m.premises_id = a.premises_id AND m.kind = 'individual'
    JOIN services s ON s.code = m.service_code
    CROSS JOIN LATERAL (SELECT unnest((ARRAY['T1','T2','T3'])[1:m.zones]) AS zone) z
    LEFT JOIN LATERAL (SELECT value, taken_on FROM meter_readings r WHERE r.meter_id = m.id AND r.zone = z.zone
                        AND r.period < $2 ORDER BY r.taken_on DESC LIMIT 1) prev ON true
    LEFT JOIN LATERAL (SELECT value, taken_on FROM meter_readings r WHERE r.meter_id = m.id AND r.zone = z.zone
                        AND r.period = $2 ORDER BY r.taken_on DESC LIMIT 1) cur ON true
   WHERE a.id = ANY($1::bigint[]) AND m.installed_on <= $3
     AND (m.decommissioned_on IS NULL OR m.decommissioned_on >= $2)
   ORDER BY a.id, s.sort_order, m.serial_number, z.zone`;

export interface AccountScopeRow {
  accountId: string;
  buildingId: string;
  organisationId: string;
  openedOn: string;
  closedOn: string | null;
}

/** Loads everything a payment document prints, for many accounts at once (eight statements). */
const NOTICE_COLUMNS = `id::text, valid_from::text AS "validFrom", valid_to::text AS "validTo", text, source`;

@Injectable()
export class PaymentDocumentInputsRepository {
  constructor(private readonly db: DataSource) {}

  async load(
    m: EntityManager,
    accountIds: string[],
    period: { from: string; to: string },
  ): Promise<Map<string, AccountDocumentInputs & AccountScopeRow>> {
    const args = [accountIds, period.from, period.to];
    // One after another: the statements share the transaction's connection.
    const results: Row[][] = [];
    for (const sql of [ACCOUNTS, SUPPLIERS, CHARGES, RECALCULATIONS, BALANCES, PAYMENTS, METERS]) {
      results.push(await m.query(sql, args));
    }
    const [accounts, suppliers, charges, recalcs, balances, payments, meters] = results;
    const group = <T>(rows: Row[], map: (r: Row) => T) => {
      const out = new Map<string, T[]>();
      for (const r of rows) out.set(r.account_id!, [...(out.get(r.account_id!) ?? []), map(r)]);
      return out;
    };
    const supplierMap = new Map<string, Record<string, PayeeDetails>>();
    for (const s of suppliers) {
      const byService = supplierMap.get(s.building_id!) ?? {};
      byService[s.service_code!] = payeeOf(s);
      supplierMap.set(s.building_id!, byService);
    }
    const chargesBy = group(charges, toCharge);
    const recalcsBy = group(recalcs, toRecalculation);
    const paymentsBy = group(payments, (r) => ({
      paidOn: r.paid_on!,
      amount: r.amount!,
      channel: r.channel!,
    }));
    const metersBy = group(meters, (r) => ({
      serviceCode: r.service_code!,
      serviceName: r.service_name!,
      serialNumber: r.serial_number!,
      zone: r.zone!,
      previous: r.prev_value ? { value: r.prev_value, takenOn: r.prev_taken_on! } : null,
      current: r.cur_value ? { value: r.cur_value, takenOn: r.cur_taken_on! } : null,
      nextVerificationOn: r.next_verification_on!,
    }));
    const balanceBy = new Map(balances.map((b) => [b.account_id!, b]));
    const out = new Map<string, AccountDocumentInputs & AccountScopeRow>();
    for (const a of accounts) {
      const id = a.account_id!;
      const executor = payeeOf(a);
      // A supplier that is the executor itself is no separate payee.
      const own = Object.entries(supplierMap.get(a.building_id!) ?? {}).filter(
        ([, p]) => p.organisationId !== executor.organisationId,
      );
      const b = balanceBy.get(id)!;
      out.set(id, {
        accountId: id,
        buildingId: a.building_id!,
        organisationId: executor.organisationId,
        openedOn: a.opened_on!,
        closedOn: a.closed_on,
        accountNumber: a.number!,
        holderName: a.holder_name!,
        premisesNumber: a.premises_number!,
        area: a.area!,
        residents: Number(a.residents),
        buildingAddress: a.address!,
        executor,
        suppliers: Object.fromEntries(own),
        charges: chargesBy.get(id) ?? [],
        recalculations: recalcsBy.get(id) ?? [],
        openingDebt: b.opening!,
        importedInPeriod: b.imported!,
        penalty: b.penalty!,
        payments: paymentsBy.get(id) ?? [],
        meters: metersBy.get(id) ?? [],
      });
    }
    return out;
  }

  async listNotices(): Promise<DocumentNoticeDto[]> {
    return this.db.query(`SELECT ${NOTICE_COLUMNS} FROM document_notices ORDER BY valid_from`);
  }

  async insertNotice(n: CreateDocumentNoticeDto): Promise<DocumentNoticeDto> {
    const [row] = await this.db.query(
      `INSERT INTO document_notices (valid_from, valid_to, text, source) VALUES ($1, $2, $3, $4) RETURNING ${NOTICE_COLUMNS}`,
      [n.validFrom, n.validTo ?? null, n.text, n.source],
    );
    return row;
  }

  /** The notice text in force on a day ({cutoffDay} left for the caller), or null. */
  async notice(m: EntityManager, on: string): Promise<string | null> {
    const rows: { text: string }[] = await m.query(
      `SELECT text FROM document_notices WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [on],
    );
    return rows[0]?.text ?? null;
  }
}

function toCharge(r: Row): ChargeLineInput {
  return {
    serviceCode: r.service_code!,
    serviceName: r.service_name!,
    unit: r.unit!,
    sortOrder: Number(r.sort_order),
    calculation: r.calculation!,
    method: r.method!,
    volume: r.volume!,
    tariff: r.tariff!,
    amount: r.amount!,
    coefficient: r.coefficient,
    coefficientAmount: r.coefficient_amount!,
    basis: (r.basis as unknown as Record<string, unknown>) ?? {},
  };
}

function toRecalculation(r: Row): RecalculationInput {
  return {
    number: r.number!,
    serviceCode: r.service_code!,
    serviceName: r.service_name!,
    unit: r.unit!,
    sortOrder: Number(r.sort_order),
    calculation: r.calculation!,
    correctedPeriod: r.corrected_period!,
    reason: r.reason!,
    amount: r.amount!,
  };
}
