import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recalculations (перерасчёты) as documents, decree 354 sections VIII, IX, paras 61, 81(11):
 * - recalculations: the document (number, kind, reason, account, corrected periods, posting period,
 *   status, basis); recalculation_lines: its delta lines, written once when it posts, linked to the
 *   charge lines they correct (original charge lines are never edited);
 * - a trigger refuses delta lines posted into a closed period and any later change to them;
 * - the rule tables as data with validity: quality_rules (Annex 1), absence_rules (section VIII),
 *   tampering_rules (para 81(11));
 * - the facts behind documents: service_quality_incidents, absence_applications, control_checks.
 */
export class Recalculations1764400500000 implements MigrationInterface {
  name = 'Recalculations1764400500000';

  public async up(q: QueryRunner): Promise<void> {
    await this.ruleTables(q);
    await this.factTables(q);
    await this.documents(q);
  }

  private async ruleTables(q: QueryRunner): Promise<void> {
    // Annex 1: permitted interruption (hours per month and at once) and the reduction per hour of excess;
    // per-degree rules (temperature) reduce per hour × full steps of `degree_step` °C beyond the allowance.
    await q.query(`
      CREATE TABLE quality_rules (
        id                     bigserial PRIMARY KEY,
        service_code           text NOT NULL REFERENCES services(code),
        kind                   text NOT NULL CHECK (kind IN ('interruption', 'temperature', 'pressure')),
        permitted_hours_month  numeric(6,2) CHECK (permitted_hours_month >= 0),
        permitted_hours_once   numeric(6,2) CHECK (permitted_hours_once >= 0),
        percent_per_hour       numeric(8,4) NOT NULL CHECK (percent_per_hour > 0),
        per_degree             boolean NOT NULL DEFAULT false,
        degree_step            numeric(5,2) CHECK (degree_step > 0),
        cold_below_degrees     numeric(5,1),
        confirmed              boolean NOT NULL DEFAULT true,
        valid_from             date NOT NULL,
        valid_to               date,
        source                 text NOT NULL,
        CONSTRAINT ck_quality_rules__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_quality_rules__degree CHECK (per_degree = (degree_step IS NOT NULL)),
        CONSTRAINT ck_quality_rules__degree_hours CHECK (NOT per_degree OR (permitted_hours_month IS NULL AND permitted_hours_once IS NULL)),
        CONSTRAINT ex_quality_rules__overlap EXCLUDE USING gist (
          service_code WITH =, kind WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO quality_rules (service_code, kind, permitted_hours_month, permitted_hours_once, percent_per_hour,
                                 per_degree, degree_step, cold_below_degrees, confirmed, valid_from, source) VALUES
        ('cold_water',  'interruption', 8,    4,    0.15, false, NULL, NULL, true,  '2011-09-01', 'decree 354 Annex 1 p. 1'),
        ('cold_water',  'pressure',     0,    NULL, 0.1,  false, NULL, NULL, false, '2011-09-01', 'decree 354 Annex 1 p. 3 [unconfirmed: 0.1 %/h when off by ≤ 25 %]'),
        ('hot_water',   'interruption', 8,    4,    0.15, false, NULL, NULL, true,  '2011-09-01', 'decree 354 Annex 1 p. 4'),
        ('hot_water',   'temperature',  NULL, NULL, 0.1,  true,  3,    40,   true,  '2011-09-01', 'decree 354 Annex 1 p. 5: 0.1 % per 3 °C per hour; below +40 °C billed as cold water'),
        ('sewerage',    'interruption', 8,    NULL, 0.15, false, NULL, NULL, false, '2011-09-01', 'decree 354 Annex 1 p. 8 [unconfirmed reduction]'),
        ('electricity', 'interruption', NULL, 24,   0.15, false, NULL, NULL, false, '2011-09-01', 'decree 354 Annex 1 p. 9: 24 h with one supply (2 h with two) [unconfirmed reduction]'),
        ('gas',         'interruption', 4,    NULL, 0.15, false, NULL, NULL, false, '2011-09-01', 'decree 354 Annex 1 p. 10 [unconfirmed reduction]'),
        ('heating',     'interruption', 24,   16,   0.15, false, NULL, NULL, true,  '2011-09-01', 'decree 354 Annex 1 p. 14: 24 h per month, 16 h at once at +12 °C…norm'),
        ('heating',     'temperature',  NULL, NULL, 0.15, true,  1,    NULL, true,  '2011-09-01', 'decree 354 Annex 1 p. 15: 0.15 % per hour per degree of deviation')`);

    // Section VIII: more than `more_than_days` full days, application within `application_days` after return.
    await q.query(`
      CREATE TABLE absence_rules (
        id                bigserial PRIMARY KEY,
        more_than_days    smallint NOT NULL CHECK (more_than_days >= 0),
        application_days  smallint NOT NULL CHECK (application_days >= 0),
        services          text[] NOT NULL,
        valid_from        date NOT NULL,
        valid_to          date,
        source            text NOT NULL,
        CONSTRAINT ck_absence_rules__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_absence_rules__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO absence_rules (more_than_days, application_days, services, valid_from, source) VALUES
        (5, 30, ARRAY['cold_water', 'hot_water', 'sewerage', 'electricity', 'gas', 'solid_waste'], '2011-09-01',
         'decree 354 paras 86, 90, 91: more than 5 full days; application within 30 days after return')`);

    // Para 81(11): tampering → norm × coefficient for at most N months before the check.
    await q.query(`
      CREATE TABLE tampering_rules (
        id                bigserial PRIMARY KEY,
        coefficient       numeric(6,3) NOT NULL CHECK (coefficient >= 1),
        lookback_months   smallint NOT NULL CHECK (lookback_months >= 1),
        valid_from        date NOT NULL,
        valid_to          date,
        source            text NOT NULL,
        CONSTRAINT ex_tampering_rules__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO tampering_rules (coefficient, lookback_months, valid_from, source)
      VALUES (10, 3, '2017-06-01', 'decree 354 para 81(11): norm × 10, at most 3 months before the check [3 months: background]')`);
  }

  private async factTables(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_quality_incidents (
        id                  bigserial PRIMARY KEY,
        building_id         bigint NOT NULL REFERENCES buildings(id),
        premises_id         bigint REFERENCES premises(id),
        service_code        text NOT NULL REFERENCES services(code),
        kind                text NOT NULL CHECK (kind IN ('interruption', 'temperature', 'pressure')),
        started_at          timestamptz NOT NULL,
        ended_at            timestamptz NOT NULL,
        degrees             numeric(5,1) CHECK (degrees >= 0),
        temperature         numeric(5,1),
        dispatcher_request  text NOT NULL,
        created_by          text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_service_quality_incidents__range CHECK (ended_at > started_at),
        CONSTRAINT ck_service_quality_incidents__degrees CHECK (kind <> 'temperature' OR degrees IS NOT NULL),
        CONSTRAINT uq_service_quality_incidents__scope_start
          UNIQUE NULLS NOT DISTINCT (building_id, premises_id, service_code, kind, started_at)
      )`);
    await q.query(`CREATE INDEX ix_service_quality_incidents__building_time
                     ON service_quality_incidents (building_id, started_at)`);

    await q.query(`
      CREATE TABLE absence_applications (
        id            bigserial PRIMARY KEY,
        account_id    bigint NOT NULL REFERENCES accounts(id),
        departed_on   date NOT NULL,
        returned_on   date NOT NULL,
        persons       smallint NOT NULL CHECK (persons > 0),
        evidence      text NOT NULL,
        applied_on    date NOT NULL,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_absence_applications__range CHECK (returned_on > departed_on),
        -- Full days absent (departure and return days excluded) of one account never overlap.
        CONSTRAINT ex_absence_applications__overlap EXCLUDE USING gist (
          account_id WITH =, daterange(departed_on, returned_on, '()') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE control_checks (
        id                bigserial PRIMARY KEY,
        meter_id          bigint NOT NULL REFERENCES meters(id),
        account_id        bigint NOT NULL REFERENCES accounts(id),
        checked_on        date NOT NULL,
        seal_intact       boolean NOT NULL,
        readings          jsonb NOT NULL,
        act_number        text,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_control_checks__meter_date UNIQUE (meter_id, checked_on)
      )`);
  }

  private async documents(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE recalculation_number_seq`);
    await q.query(`
      CREATE TABLE recalculations (
        id                 bigserial PRIMARY KEY,
        number             text NOT NULL DEFAULT ('ПР-' || lpad(nextval('recalculation_number_seq')::text, 8, '0')),
        kind               text NOT NULL CHECK (kind IN ('quality', 'absence', 'control_check', 'tampering', 'retroactive', 'manual')),
        reason_code        text NOT NULL,
        reason             text NOT NULL,
        account_id         bigint NOT NULL REFERENCES accounts(id),
        corrected_from     date NOT NULL CHECK (extract(day FROM corrected_from) = 1),
        corrected_to       date NOT NULL CHECK (extract(day FROM corrected_to) = 1),
        posting_period     date NOT NULL CHECK (extract(day FROM posting_period) = 1),
        status             text NOT NULL CHECK (status IN ('draft', 'pending_approval', 'approved', 'rejected', 'posted')),
        amount             numeric(14,2) NOT NULL,
        basis              jsonb NOT NULL,
        proposed_lines     jsonb NOT NULL DEFAULT '[]',
        absence_id         bigint REFERENCES absence_applications(id),
        control_check_id   bigint REFERENCES control_checks(id),
        created_by         text NOT NULL,
        created_by_id      text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        decision           text CHECK (decision IN ('approved', 'rejected')),
        decided_by         text,
        decided_by_id      text,
        decided_at         timestamptz,
        decision_reason    text,
        posted_at          timestamptz,
        CONSTRAINT uq_recalculations__number UNIQUE (number),
        CONSTRAINT ck_recalculations__periods CHECK (corrected_from <= corrected_to AND posting_period >= corrected_to),
        CONSTRAINT ck_recalculations__posted CHECK ((status = 'posted') = (posted_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_recalculations__account ON recalculations (account_id, id)`);
    await q.query(`CREATE INDEX ix_recalculations__posting_period ON recalculations (posting_period, id)`);

    await q.query(`
      CREATE TABLE recalculation_lines (
        id                 bigserial PRIMARY KEY,
        recalculation_id   bigint NOT NULL REFERENCES recalculations(id),
        account_id         bigint NOT NULL REFERENCES accounts(id),
        posting_period     date NOT NULL CHECK (extract(day FROM posting_period) = 1),
        corrected_period   date NOT NULL CHECK (extract(day FROM corrected_period) = 1),
        service_code       text NOT NULL REFERENCES services(code),
        zone               text CHECK (zone IN ('T1', 'T2', 'T3')),
        part               smallint NOT NULL DEFAULT 1,
        -- The charge line corrected; kept null when a billing re-run of an open period replaced it.
        charge_line_id     bigint REFERENCES charge_lines(id) ON DELETE SET NULL,
        volume_delta       numeric(16,6) NOT NULL,
        unit               text NOT NULL,
        tariff             numeric(14,6),
        amount_delta       numeric(14,2) NOT NULL,
        formula            text NOT NULL,
        basis              jsonb NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_recalculation_lines__doc_period_service_zone_part
          UNIQUE NULLS NOT DISTINCT (recalculation_id, corrected_period, service_code, zone, part)
      )`);
    await q.query(
      `CREATE INDEX ix_recalculation_lines__account_period ON recalculation_lines (account_id, posting_period)`,
    );
    await q.query(`CREATE INDEX ix_recalculation_lines__charge_line ON recalculation_lines (charge_line_id)`);
    // Lines are written once, into an open period; afterwards only the link may fall to null (re-run).
    await q.query(`
      CREATE FUNCTION refuse_recalculation_line_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF EXISTS (SELECT 1 FROM billing_periods p WHERE p.status = 'closed' AND p.period = NEW.posting_period) THEN
            RAISE EXCEPTION 'billing period is closed' USING ERRCODE = 'P0001', CONSTRAINT = 'period_closed';
          END IF;
          RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.charge_line_id IS NULL
           AND (to_jsonb(NEW) - 'charge_line_id') = (to_jsonb(OLD) - 'charge_line_id') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'recalculation lines are immutable' USING ERRCODE = 'P0001', CONSTRAINT = 'recalculation_line_immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_recalculation_lines__immutable BEFORE INSERT OR UPDATE OR DELETE ON recalculation_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_recalculation_line_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recalculation_lines`);
    await q.query(`DROP FUNCTION refuse_recalculation_line_change()`);
    await q.query(`DROP TABLE recalculations`);
    await q.query(`DROP SEQUENCE recalculation_number_seq`);
    for (const t of [
      'control_checks',
      'absence_applications',
      'service_quality_incidents',
      'tampering_rules',
      'absence_rules',
      'quality_rules',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
