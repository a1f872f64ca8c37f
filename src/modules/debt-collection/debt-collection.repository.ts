import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseEventDto, CaseResponseDto, SelectionAccountDto } from './dto/debt-collection.dto';

// Principal debt per account and service as of $2 (day) / $1 (its month): charges, recalculation
// deltas and opening balances of periods up to the month, less principal allocations of payments
// made up to the day. $3: account ids or NULL for all.
const DEBT_CTE = `
  debt_rows AS (
    SELECT account_id, service_code, amount FROM charge_lines
     WHERE period <= $1 AND ($3::bigint[] IS NULL OR account_id = ANY($3))
    UNION ALL
    SELECT account_id, service_code, amount_delta FROM recalculation_lines
     WHERE posting_period <= $1 AND ($3::bigint[] IS NULL OR account_id = ANY($3))
    UNION ALL
    SELECT account_id, service_code, amount FROM opening_balances
     WHERE kind = 'principal' AND period <= $1 AND ($3::bigint[] IS NULL OR account_id = ANY($3))
    UNION ALL
    SELECT pa.account_id, pa.service_code, -pa.amount FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
     WHERE pa.kind = 'principal' AND p.paid_on <= $2 AND ($3::bigint[] IS NULL OR pa.account_id = ANY($3))
  ), debt AS (
    SELECT account_id, service_code, sum(amount) AS debt FROM debt_rows GROUP BY account_id, service_code
  ), monthly AS (
    SELECT account_id, service_code, sum(amount) / count(DISTINCT period) AS avg_charge
      FROM charge_lines
     WHERE period <= $1 AND period > ($1::date - interval '12 months') AND ($3::bigint[] IS NULL OR account_id = ANY($3))
     GROUP BY account_id, service_code
  ), per_service AS (
    SELECT d.account_id, d.service_code, d.debt, coalesce(mo.avg_charge, 0) AS avg_charge
      FROM debt d LEFT JOIN monthly mo USING (account_id, service_code)
  )`;

// One statement: the debts, the criteria in force, the matches, one row per selected account.
// $4 selection id, $5 criteria set code.
const SELECT_DEBTORS = `
  WITH ${DEBT_CTE}, totals AS (
    SELECT account_id, NULL::text AS service_code, sum(debt) AS debt, sum(avg_charge) AS avg_charge
      FROM per_service GROUP BY account_id
  ), candidates AS (
    SELECT * FROM per_service UNION ALL SELECT * FROM totals
  ), crit AS (
    SELECT * FROM debt_selection_criteria
     WHERE set_code = $5 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
  ), matched AS (
    SELECT c.account_id, c.service_code, c.debt, c.avg_charge, cr.id AS criterion_id, cr.min_months, cr.min_amount
      FROM candidates c JOIN crit cr ON cr.service_code IS NOT DISTINCT FROM c.service_code
     WHERE (cr.min_amount IS NOT NULL AND c.debt > cr.min_amount)
        OR (cr.min_months IS NOT NULL AND c.avg_charge > 0 AND c.debt > cr.min_months * c.avg_charge)
  ), services AS (
    SELECT account_id, jsonb_agg(jsonb_build_object('serviceCode', service_code, 'debt', debt::numeric(14,2)::text,
             'avgMonthlyCharge', round(avg_charge, 2)::text) ORDER BY service_code) AS per_service
      FROM per_service GROUP BY account_id
  ), ins AS (
    INSERT INTO debt_selection_accounts (selection_id, account_id, debt, basis)
    SELECT $4, mt.account_id, t.debt::numeric(14,2),
           jsonb_build_object(
             'matched', jsonb_agg(jsonb_build_object('criterionId', mt.criterion_id::text, 'serviceCode', mt.service_code,
                          'debt', mt.debt::numeric(14,2)::text, 'avgMonthlyCharge', round(mt.avg_charge, 2)::text,
                          'minMonths', mt.min_months::text, 'minAmount', mt.min_amount::text) ORDER BY mt.criterion_id),
             'perService', min(s.per_service::text)::jsonb,
             'formula', 'debt = charges + recalculations + opening balances − principal paid; '
                        || 'selected when debt > minAmount or debt > minMonths × average monthly charge (last 12 billed periods)')
      FROM matched mt JOIN totals t USING (account_id) JOIN services s USING (account_id)
     GROUP BY mt.account_id, t.debt
    RETURNING debt
  )
  SELECT count(*)::int AS accounts, coalesce(sum(debt), 0)::numeric(16,2)::text AS total FROM ins`;

const CASE_COLS = `c.id::text, c.account_id::text AS "accountId", a.number AS "accountNumber",
  c.selection_id::text AS "selectionId", c.status, c.opened_on::text AS "openedOn",
  c.debt_at_opening::text AS "debtAtOpening", c.notice_channel AS "noticeChannel",
  c.notice_delivered_on::text AS "noticeDeliveredOn", c.earliest_restriction_on::text AS "earliestRestrictionOn",
  c.restricted_service AS "restrictedService", c.claim_filed_on::text AS "claimFiledOn",
  c.claim_amount::text AS "claimAmount", c.court_fee::text AS "courtFee"`;

export interface PartyRow {
  accountNumber: string;
  holderName: string;
  address: string;
  creditorName: string;
  creditorInn: string;
  buildingId: string;
}

/** Set-based SQL of debt collection. */
@Injectable()
export class DebtCollectionRepository {
  async createSelection(
    m: EntityManager,
    p: { setCode: string; asOf: string; criteria: unknown[]; by: string },
  ): Promise<{ id: string; accounts: number; total: string }> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO debt_selections (set_code, as_of, criteria, accounts, total_debt, created_by)
       VALUES ($1, $2, $3, 0, 0, $4) RETURNING id::text`,
      [p.setCode, p.asOf, JSON.stringify(p.criteria), p.by],
    );
    const month = `${p.asOf.slice(0, 7)}-01`;
    const [r]: { accounts: number; total: string }[] = await m.query(SELECT_DEBTORS, [
      month,
      p.asOf,
      null,
      id,
      p.setCode,
    ]);
    await m.query(`UPDATE debt_selections SET accounts = $2, total_debt = $3 WHERE id = $1`, [
      id,
      r.accounts,
      r.total,
    ]);
    return { id, accounts: r.accounts, total: r.total };
  }

  criteriaOn(m: EntityManager, setCode: string, on: string): Promise<Record<string, unknown>[]> {
    return m.query(
      `SELECT id::text, service_code AS "serviceCode", min_months::text AS "minMonths", min_amount::text AS "minAmount"
         FROM debt_selection_criteria WHERE set_code = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
        ORDER BY debt_selection_criteria.id`,
      [setCode, on],
    );
  }

  async selection(
    m: EntityManager,
    id: string,
  ): Promise<{
    id: string;
    setCode: string;
    asOf: string;
    criteria: Record<string, unknown>[];
    accounts: number;
    totalDebt: string;
  } | null> {
    const rows = await m.query(
      `SELECT id::text, set_code AS "setCode", as_of::text AS "asOf", criteria, accounts, total_debt::text AS "totalDebt"
         FROM debt_selections WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  selectionItems(m: EntityManager, id: string): Promise<SelectionAccountDto[]> {
    return m.query(
      `SELECT s.account_id::text AS "accountId", a.number AS "accountNumber", s.debt::text, s.basis
         FROM debt_selection_accounts s JOIN accounts a ON a.id = s.account_id
        WHERE s.selection_id = $1 ORDER BY a.number`,
      [id],
    );
  }

  /** Principal debt per service of one account on a day. */
  async debtByService(m: EntityManager, accountId: string, on: string): Promise<Map<string, string>> {
    const rows: { service_code: string; debt: string }[] = await m.query(
      `WITH ${DEBT_CTE} SELECT service_code, debt::numeric(14,2)::text AS debt FROM per_service`,
      [`${on.slice(0, 7)}-01`, on, [accountId]],
    );
    return new Map(rows.map((r) => [r.service_code, r.debt]));
  }

  /**
   * The monthly charge of a service computed from the norm at the tariff in force on the day
   * (building scope over organisation over regional; single-rate or day-zone tariff): norm ×
   * residents (per person) or norm × area (per m²) × tariff. Null when no norm or tariff.
   */
  async normMonthlyCharge(
    m: EntityManager,
    accountId: string,
    serviceCode: string,
    on: string,
  ): Promise<{ norm: string; basis: string; quantity: string; tariff: string } | null> {
    const rows = await m.query(
      `WITH acc AS (
         SELECT a.id, p.area, p.building_id, b.organisation_id,
                (SELECT r.count FROM account_residents r WHERE r.account_id = a.id AND r.valid_from <= $3
                  ORDER BY r.valid_from DESC LIMIT 1) AS residents
           FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id WHERE a.id = $1
       ), n AS (
         SELECT n.value, n.basis FROM norms n, acc
          WHERE n.service_code = $2 AND n.valid_from <= $3 AND (n.valid_to IS NULL OR n.valid_to >= $3)
            AND (n.building_id = acc.building_id OR n.organisation_id = acc.organisation_id
                 OR (n.building_id IS NULL AND n.organisation_id IS NULL))
          ORDER BY (n.building_id IS NOT NULL) DESC, (n.organisation_id IS NOT NULL) DESC LIMIT 1
       ), t AS (
         SELECT t.price FROM tariffs t, acc
          WHERE t.service_code = $2 AND t.valid_from <= $3 AND (t.valid_to IS NULL OR t.valid_to >= $3)
            AND (t.building_id = acc.building_id OR t.organisation_id = acc.organisation_id)
            AND (t.zone IS NULL OR t.zone = 'T1')
          ORDER BY (t.building_id IS NOT NULL) DESC LIMIT 1
       )
       SELECT n.value::text AS norm, n.basis,
              (CASE WHEN n.basis = 'per_person' THEN coalesce(acc.residents, 0) ELSE acc.area END)::text AS quantity,
              t.price::text AS tariff
         FROM acc, n, t`,
      [accountId, serviceCode, on],
    );
    return rows[0] ?? null;
  }

  async inHeatingSeason(m: EntityManager, on: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM heating_seasons WHERE $1::date BETWEEN starts_on AND ends_on`,
      [on],
    );
    return rows.length > 0;
  }

  async party(m: EntityManager, accountId: string): Promise<PartyRow | null> {
    const rows: PartyRow[] = await m.query(
      `SELECT a.number AS "accountNumber", a.holder_name AS "holderName",
              b.address || ', кв. ' || p.number AS address, o.name AS "creditorName", o.inn AS "creditorInn",
              b.id::text AS "buildingId"
         FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id
         JOIN organisations o ON o.id = b.organisation_id WHERE a.id = $1`,
      [accountId],
    );
    return rows[0] ?? null;
  }

  async lockAccount(m: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE`, [accountId]);
    return rows.length > 0;
  }

  async openCaseOf(m: EntityManager, accountId: string): Promise<string | null> {
    const rows: { id: string }[] = await m.query(
      `SELECT id::text FROM debt_cases WHERE account_id = $1 AND status NOT IN ('paid', 'written_off')`,
      [accountId],
    );
    return rows[0]?.id ?? null;
  }

  async insertCase(
    m: EntityManager,
    p: { accountId: string; selectionId: string | null; openedOn: string; debt: string; by: string },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO debt_cases (account_id, selection_id, status, opened_on, debt_at_opening, created_by)
       VALUES ($1, $2, 'notice', $3, $4, $5) RETURNING id::text`,
      [p.accountId, p.selectionId, p.openedOn, p.debt, p.by],
    );
    return id;
  }

  async insertEvent(
    m: EntityManager,
    p: {
      caseId: string;
      from: string | null;
      to: string;
      onDate: string;
      reason: string;
      actor: string;
      basis: unknown;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO debt_case_events (case_id, from_status, to_status, on_date, reason, actor, basis)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.caseId, p.from, p.to, p.onDate, p.reason, p.actor, JSON.stringify(p.basis)],
    );
  }

  async updateCase(m: EntityManager, id: string, set: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(set);
    await m.query(
      `UPDATE debt_cases SET ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => set[c])],
    );
  }

  async findCase(
    m: EntityManager,
    id: string,
    lock = false,
  ): Promise<Omit<CaseResponseDto, 'events'> | null> {
    const rows = await m.query(
      `SELECT ${CASE_COLS} FROM debt_cases c JOIN accounts a ON a.id = c.account_id WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  events(m: EntityManager, caseId: string): Promise<CaseEventDto[]> {
    return m.query(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", on_date::text AS "onDate", reason, actor, basis
         FROM debt_case_events WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
  }
}
