import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decree 354 rules as data, and closed periods:
 * - increasing_coefficients: the ×K on norm-based charges where a meter could be installed but is absent
 *   or its verification expired (para 42, decrees 1498/2016 and 1871/2025), with validity dates;
 * - metering_impossibility_acts: an act of technical impossibility removes the coefficient;
 * - substitution_rules: average consumption replaces a missing reading for at most N periods (para 59–60);
 * - billing_periods: open → closed; a trigger refuses any write to charge lines of a closed period;
 * - charge_lines gain the segment part (mid-month splits) and the coefficient with its extra amount.
 */
export class ChargeRules1764400200000 implements MigrationInterface {
  name = 'ChargeRules1764400200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE increasing_coefficients (
        id            bigserial PRIMARY KEY,
        service_code  text NOT NULL REFERENCES services(code),
        applies_when  text NOT NULL CHECK (applies_when IN ('no_meter', 'verification_expired')),
        value         numeric(6,3) NOT NULL CHECK (value >= 1),
        valid_from    date NOT NULL,
        valid_to      date,
        source        text NOT NULL,
        CONSTRAINT ck_increasing_coefficients__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_increasing_coefficients__overlap EXCLUDE USING gist (
          service_code WITH =, applies_when WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO increasing_coefficients (service_code, applies_when, value, valid_from, valid_to, source) VALUES
        ('hot_water',   'no_meter',             1.5, '2017-01-01', NULL,         'decree 354 para 42, decree 1498 of 26.12.2016'),
        ('hot_water',   'verification_expired', 1.5, '2017-01-01', NULL,         'decree 354 para 42, 60'),
        ('electricity', 'no_meter',             1.5, '2017-01-01', NULL,         'decree 354 para 42'),
        ('electricity', 'verification_expired', 1.5, '2017-01-01', '2020-06-30', 'from 01.07.2020 metering is the supplier''s duty (522-FZ)'),
        ('cold_water',  'no_meter',             1.5, '2017-01-01', '2025-12-05', 'decree 354 para 42'),
        ('cold_water',  'no_meter',             3.0, '2025-12-06', NULL,         'decree 1871 of 25.11.2025'),
        ('cold_water',  'verification_expired', 1.5, '2017-01-01', '2025-12-05', 'decree 354 para 60'),
        ('cold_water',  'verification_expired', 3.0, '2025-12-06', NULL,         'decree 1871 of 25.11.2025')`);

    await q.query(`
      CREATE TABLE metering_impossibility_acts (
        id            bigserial PRIMARY KEY,
        premises_id   bigint NOT NULL REFERENCES premises(id),
        service_code  text NOT NULL REFERENCES services(code),
        act_number    text NOT NULL,
        act_date      date NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_metering_impossibility_acts__premises_service UNIQUE (premises_id, service_code)
      )`);

    await q.query(`
      CREATE TABLE substitution_rules (
        id                   bigserial PRIMARY KEY,
        valid_from           date NOT NULL,
        valid_to             date,
        max_periods          smallint NOT NULL CHECK (max_periods >= 0),
        history_months       smallint NOT NULL CHECK (history_months >= 1),
        min_history_months   smallint NOT NULL CHECK (min_history_months >= 1),
        source               text NOT NULL,
        CONSTRAINT ex_substitution_rules__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO substitution_rules (valid_from, max_periods, history_months, min_history_months, source)
      VALUES ('2017-01-01', 3, 6, 3, 'decree 354 para 59, 60')`);

    await q.query(`
      CREATE TABLE billing_periods (
        period      date PRIMARY KEY CHECK (extract(day FROM period) = 1),
        status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at   timestamptz,
        closed_by   text,
        run_id      bigint REFERENCES billing_runs(id),
        CONSTRAINT ck_billing_periods__closed CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    // Closed periods are immutable: enforced by the database, whatever the application does.
    await q.query(`
      CREATE FUNCTION refuse_write_to_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM billing_periods p
                    WHERE p.status = 'closed'
                      AND p.period IN (CASE WHEN TG_OP = 'DELETE' THEN OLD.period ELSE NEW.period END,
                                       CASE WHEN TG_OP = 'UPDATE' THEN OLD.period END)) THEN
          RAISE EXCEPTION 'billing period is closed' USING ERRCODE = 'P0001', CONSTRAINT = 'period_closed';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__closed_period BEFORE INSERT OR UPDATE OR DELETE ON charge_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_write_to_closed_period()`);
    // A closed period cannot be reopened.
    await q.query(`
      CREATE FUNCTION refuse_reopen_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'closed' THEN
          RAISE EXCEPTION 'billing period is closed' USING ERRCODE = 'P0001', CONSTRAINT = 'period_closed';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_billing_periods__no_reopen BEFORE UPDATE OR DELETE ON billing_periods
        FOR EACH ROW EXECUTE FUNCTION refuse_reopen_period()`);

    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT uq_charge_lines__period_account_service_zone`);
    await q.query(`ALTER TABLE charge_lines ADD COLUMN part smallint NOT NULL DEFAULT 1 CHECK (part >= 1)`);
    await q.query(`ALTER TABLE charge_lines ADD COLUMN coefficient numeric(6,3)`);
    await q.query(`ALTER TABLE charge_lines ADD COLUMN coefficient_amount numeric(14,2) NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_method_check`);
    await q.query(
      `ALTER TABLE charge_lines ADD CONSTRAINT ck_charge_lines__method CHECK (method IN ('metered', 'average', 'norm', 'area', 'derived'))`,
    );
    await q.query(`ALTER TABLE charge_lines ADD CONSTRAINT uq_charge_lines__period_account_service_zone_part
                     UNIQUE NULLS NOT DISTINCT (period, account_id, service_code, zone, part)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE charge_lines DROP CONSTRAINT uq_charge_lines__period_account_service_zone_part`,
    );
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT ck_charge_lines__method`);
    await q.query(
      `ALTER TABLE charge_lines ADD CONSTRAINT charge_lines_method_check CHECK (method IN ('metered', 'norm', 'area', 'derived'))`,
    );
    await q.query(
      `ALTER TABLE charge_lines DROP COLUMN part, DROP COLUMN coefficient, DROP COLUMN coefficient_amount`,
    );
    await q.query(`ALTER TABLE charge_lines ADD CONSTRAINT uq_charge_lines__period_account_service_zone
                     UNIQUE NULLS NOT DISTINCT (period, account_id, service_code, zone)`);
    await q.query(`DROP TRIGGER tg_charge_lines__closed_period ON charge_lines`);
    await q.query(`DROP TABLE billing_periods`);
    await q.query(`DROP FUNCTION refuse_write_to_closed_period()`);
    await q.query(`DROP FUNCTION refuse_reopen_period()`);
    for (const t of ['substitution_rules', 'metering_impossibility_acts', 'increasing_coefficients']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
