import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Debt collection (RULES.md §7): rules as data with validity (parameters, selection criteria,
 * never-restrictable services, court fee brackets), debtor selections with per-account figures,
 * and debt cases with their dated, reasoned transitions.
 */
export class DebtCollection1764401200000 implements MigrationInterface {
  name = 'DebtCollection1764401200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE debt_collection_parameters (
        id                          bigserial PRIMARY KEY,
        valid_from                  date NOT NULL,
        valid_to                    date,
        notice_to_restriction_days  smallint NOT NULL CHECK (notice_to_restriction_days >= 0),
        restriction_norm_months     numeric(6,2) NOT NULL CHECK (restriction_norm_months > 0),
        limitation_years            smallint NOT NULL CHECK (limitation_years > 0),
        charge_due_day              smallint NOT NULL CHECK (charge_due_day BETWEEN 1 AND 28),
        court_order_limit           numeric(14,2) NOT NULL CHECK (court_order_limit > 0),
        source                      text NOT NULL,
        CONSTRAINT ck_debt_collection_parameters__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_debt_collection_parameters__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO debt_collection_parameters
        (valid_from, notice_to_restriction_days, restriction_norm_months, limitation_years, charge_due_day, court_order_limit, source)
      VALUES ('2016-06-01', 20, 2, 3, 10, 500000,
        'decree 354 paras 117–119 (20 days, 2 norm months); ГК 196 (3 years); ЖК 155 ч.1 (10th); ГПК 121 (500 000 since 01.06.2016)')`);

    // A criteria set is the rows sharing a set_code; an account is selected when any row matches.
    // service_code NULL = the account's total debt over all services.
    await q.query(`
      CREATE TABLE debt_selection_criteria (
        id            bigserial PRIMARY KEY,
        set_code      text NOT NULL,
        service_code  text REFERENCES services(code),
        min_months    numeric(6,2) CHECK (min_months > 0),
        min_amount    numeric(14,2) CHECK (min_amount > 0),
        valid_from    date NOT NULL,
        valid_to      date,
        source        text NOT NULL,
        CONSTRAINT ck_debt_selection_criteria__one CHECK (min_months IS NOT NULL OR min_amount IS NOT NULL),
        CONSTRAINT ck_debt_selection_criteria__range CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`
      INSERT INTO debt_selection_criteria (set_code, service_code, min_months, min_amount, valid_from, source) VALUES
        ('default', NULL, 3, NULL, '2016-01-01', 'project default: total debt above 3 average monthly charges'),
        ('default', NULL, NULL, 10000, '2016-01-01', 'project default: total debt above 10 000 ₽'),
        ('restriction', 'electricity', 2, NULL, '2016-01-01', 'decree 354 p. 117: above 2 monthly charges'),
        ('restriction', 'hot_water', 2, NULL, '2016-01-01', 'decree 354 p. 117: above 2 monthly charges'),
        ('restriction', 'gas', 2, NULL, '2016-01-01', 'decree 354 p. 117: above 2 monthly charges')`);

    await q.query(`
      CREATE TABLE never_restrictable_services (
        id            bigserial PRIMARY KEY,
        service_code  text NOT NULL REFERENCES services(code),
        condition     text NOT NULL CHECK (condition IN ('always', 'heating_season', 'apartment_block')),
        valid_from    date NOT NULL,
        valid_to      date,
        source        text NOT NULL,
        CONSTRAINT ck_never_restrictable_services__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_never_restrictable_services__overlap EXCLUDE USING gist (
          service_code WITH =, condition WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO never_restrictable_services (service_code, condition, valid_from, source) VALUES
        ('heating', 'heating_season', '2011-09-01', 'decree 354 p. 119; heating season from heating_seasons'),
        ('cold_water', 'apartment_block', '2011-09-01', 'decree 354 p. 119 (explainers, RULES.md §7.1)')`);

    // Brackets of the court fee for property claims (НК 333.19 п.1 пп.1): fee = base + rate % ×
    // (claim − over) for claims in (over, up_to], clamped to [min_fee, max_fee]; the order fee is
    // order_share_percent of it.
    await q.query(`
      CREATE TABLE court_fee_brackets (
        id                   bigserial PRIMARY KEY,
        scale_code           text NOT NULL,
        valid_from           date NOT NULL,
        valid_to             date,
        over                 numeric(16,2) NOT NULL CHECK (over >= 0),
        up_to                numeric(16,2),
        base                 numeric(14,2) NOT NULL CHECK (base >= 0),
        rate_percent         numeric(8,4) NOT NULL CHECK (rate_percent >= 0),
        min_fee              numeric(14,2),
        max_fee              numeric(14,2),
        order_share_percent  numeric(6,2) NOT NULL CHECK (order_share_percent > 0 AND order_share_percent <= 100),
        source               text NOT NULL,
        CONSTRAINT ck_court_fee_brackets__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_court_fee_brackets__amounts CHECK (up_to IS NULL OR up_to > over),
        CONSTRAINT ex_court_fee_brackets__overlap EXCLUDE USING gist (
          numrange(over, up_to, '(]') WITH &&, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    // The previous scale exactly as RULES.md §7.3 states it (project default; see the README for the
    // discrepancy with the 2015–2024 text of НК 333.19), then the scale of 259-FZ from 09.09.2024.
    const old = `'before_2024', '2005-01-01', '2024-09-08'`;
    const now = `'259-FZ', '2024-09-09', NULL`;
    await q.query(`
      INSERT INTO court_fee_brackets
        (scale_code, valid_from, valid_to, over, up_to, base, rate_percent, min_fee, max_fee, order_share_percent, source) VALUES
        (${old}, 0, 10000, 0, 4, 200, NULL, 50, 'RULES.md §7.3 previous scale'),
        (${old}, 10000, 50000, 400, 3, NULL, NULL, 50, 'RULES.md §7.3 previous scale'),
        (${old}, 50000, 100000, 1600, 2, NULL, NULL, 50, 'RULES.md §7.3 previous scale'),
        (${old}, 100000, 500000, 2600, 1, NULL, NULL, 50, 'RULES.md §7.3 previous scale'),
        (${now}, 0, 100000, 4000, 0, NULL, NULL, 50, 'НК 333.19 (259-FZ), RULES.md §7.3'),
        (${now}, 100000, 300000, 4000, 3, NULL, NULL, 50, 'НК 333.19 (259-FZ), RULES.md §7.3'),
        (${now}, 300000, 500000, 10000, 2.5, NULL, NULL, 50, 'НК 333.19 (259-FZ), RULES.md §7.3'),
        (${now}, 500000, 1000000, 15000, 2, NULL, NULL, 50, 'НК 333.19 (259-FZ), RULES.md §7.3')`);

    await q.query(`
      CREATE TABLE debt_selections (
        id            bigserial PRIMARY KEY,
        set_code      text NOT NULL,
        as_of         date NOT NULL,
        criteria      jsonb NOT NULL,
        accounts      integer NOT NULL,
        total_debt    numeric(16,2) NOT NULL,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE debt_selection_accounts (
        selection_id  bigint NOT NULL REFERENCES debt_selections(id) ON DELETE CASCADE,
        account_id    bigint NOT NULL REFERENCES accounts(id),
        debt          numeric(14,2) NOT NULL,
        basis         jsonb NOT NULL,
        PRIMARY KEY (selection_id, account_id)
      )`);

    await q.query(`
      CREATE TABLE debt_cases (
        id                       bigserial PRIMARY KEY,
        account_id               bigint NOT NULL REFERENCES accounts(id),
        selection_id             bigint REFERENCES debt_selections(id),
        status                   text NOT NULL CHECK (status IN ('notice', 'restriction_allowed', 'claim_filed',
                                   'order_issued', 'order_cancelled', 'enforcement', 'paid', 'written_off')),
        opened_on                date NOT NULL,
        debt_at_opening          numeric(14,2) NOT NULL,
        notice_channel           text CHECK (notice_channel IN ('by_hand', 'registered_mail', 'payment_document', 'email', 'sms')),
        notice_delivered_on      date,
        earliest_restriction_on  date,
        restricted_service       text REFERENCES services(code),
        claim_filed_on           date,
        claim_amount             numeric(14,2),
        court_fee                numeric(14,2),
        created_by               text NOT NULL,
        created_at               timestamptz NOT NULL DEFAULT now(),
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_debt_cases__open_account ON debt_cases (account_id)
                     WHERE status NOT IN ('paid', 'written_off')`);
    await q.query(`
      CREATE TABLE debt_case_events (
        id           bigserial PRIMARY KEY,
        case_id      bigint NOT NULL REFERENCES debt_cases(id),
        from_status  text,
        to_status    text NOT NULL,
        on_date      date NOT NULL,
        reason       text NOT NULL,
        actor        text NOT NULL,
        basis        jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_debt_case_events__case ON debt_case_events (case_id, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'debt_case_events',
      'debt_cases',
      'debt_selection_accounts',
      'debt_selections',
      'court_fee_brackets',
      'never_restrictable_services',
      'debt_selection_criteria',
      'debt_collection_parameters',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
