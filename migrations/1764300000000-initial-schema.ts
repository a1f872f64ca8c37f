import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation schema: housing stock, accounts, reference rules (tariffs, norms), meters, readings,
 * billing runs and charge lines, users, API keys and the audit log.
 * Hand-written SQL: every rule that must never be broken (overlapping validity, duplicate lines,
 * two active runs for one period) is a database constraint, not application code.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE services (
        code          text PRIMARY KEY,
        name          text NOT NULL,
        unit          text NOT NULL,
        volume_scale  smallint NOT NULL DEFAULT 3 CHECK (volume_scale BETWEEN 0 AND 6),
        calculation   text NOT NULL CHECK (calculation IN ('metered', 'derived', 'area_norm', 'area', 'norm')),
        sort_order    smallint NOT NULL
      )`);
    await q.query(`
      INSERT INTO services (code, name, unit, volume_scale, calculation, sort_order) VALUES
        ('cold_water',  'Холодное водоснабжение', 'm3',   3, 'metered',    10),
        ('hot_water',   'Горячее водоснабжение',  'm3',   3, 'metered',    20),
        ('sewerage',    'Водоотведение',          'm3',   3, 'derived',    30),
        ('electricity', 'Электроснабжение',       'kWh',  3, 'metered',    40),
        ('gas',         'Газоснабжение',          'm3',   3, 'metered',    50),
        ('heating',     'Отопление',              'Gcal', 6, 'area_norm',  60),
        ('maintenance', 'Содержание жилого помещения', 'm2', 2, 'area',    70),
        ('solid_waste', 'Обращение с ТКО',        'm3',   6, 'norm',       80)`);

    await q.query(`
      CREATE TABLE organisations (
        id                  bigserial PRIMARY KEY,
        name                text NOT NULL,
        inn                 varchar(12) NOT NULL,
        kpp                 varchar(9),
        bank_name           text NOT NULL,
        bic                 char(9) NOT NULL,
        correspondent_account char(20) NOT NULL,
        settlement_account  char(20) NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_organisations__inn_kpp UNIQUE NULLS NOT DISTINCT (inn, kpp)
      )`);

    await q.query(`
      CREATE TABLE buildings (
        id               bigserial PRIMARY KEY,
        organisation_id  bigint NOT NULL REFERENCES organisations(id),
        address          text NOT NULL,
        fias_guid        uuid,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_buildings__organisation ON buildings (organisation_id)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_buildings__fias_guid ON buildings (fias_guid) WHERE fias_guid IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE building_services (
        id                        bigserial PRIMARY KEY,
        building_id               bigint NOT NULL REFERENCES buildings(id),
        service_code              text NOT NULL REFERENCES services(code),
        supplier_organisation_id  bigint NOT NULL REFERENCES organisations(id),
        valid_from                date NOT NULL,
        valid_to                  date,
        created_at                timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_building_services__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_building_services__overlap EXCLUDE USING gist (
          building_id WITH =, service_code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE premises (
        id           bigserial PRIMARY KEY,
        building_id  bigint NOT NULL REFERENCES buildings(id),
        number       text NOT NULL,
        area         numeric(10,2) NOT NULL CHECK (area > 0),
        kind         text NOT NULL CHECK (kind IN ('residential', 'non_residential')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_premises__building_number UNIQUE (building_id, number)
      )`);

    await q.query(`
      CREATE TABLE accounts (
        id           bigserial PRIMARY KEY,
        premises_id  bigint NOT NULL REFERENCES premises(id),
        number       varchar(20) NOT NULL,
        holder_name  text NOT NULL,
        opened_on    date NOT NULL,
        closed_on    date,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_accounts__number UNIQUE (number),
        CONSTRAINT ck_accounts__dates CHECK (closed_on IS NULL OR closed_on >= opened_on)
      )`);
    await q.query(`CREATE INDEX ix_accounts__premises ON accounts (premises_id)`);

    await q.query(`
      CREATE TABLE account_residents (
        id          bigserial PRIMARY KEY,
        account_id  bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        valid_from  date NOT NULL,
        count       smallint NOT NULL CHECK (count >= 0),
        CONSTRAINT uq_account_residents__account_from UNIQUE (account_id, valid_from)
      )`);

    // Tariffs and norms: one row per validity interval; valid_to inclusive, NULL = open-ended.
    // Scope: a building tariff overrides an organisation tariff; exactly one scope is set.
    await q.query(`
      CREATE TABLE tariffs (
        id               bigserial PRIMARY KEY,
        service_code     text NOT NULL REFERENCES services(code),
        zone             text CHECK (zone IN ('T1', 'T2', 'T3')),
        price            numeric(14,6) NOT NULL CHECK (price >= 0),
        valid_from       date NOT NULL,
        valid_to         date,
        organisation_id  bigint REFERENCES organisations(id),
        building_id      bigint REFERENCES buildings(id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_tariffs__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_tariffs__one_scope CHECK ((organisation_id IS NULL) <> (building_id IS NULL)),
        CONSTRAINT ex_tariffs__overlap EXCLUDE USING gist (
          service_code WITH =, (coalesce(zone, '')) WITH =,
          (coalesce(organisation_id, 0)) WITH =, (coalesce(building_id, 0)) WITH =,
          daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    // Norms (нормативы потребления): regional by default (no scope), or per organisation / building.
    await q.query(`
      CREATE TABLE norms (
        id               bigserial PRIMARY KEY,
        service_code     text NOT NULL REFERENCES services(code),
        value            numeric(14,6) NOT NULL CHECK (value >= 0),
        basis            text NOT NULL CHECK (basis IN ('per_person', 'per_m2')),
        valid_from       date NOT NULL,
        valid_to         date,
        organisation_id  bigint REFERENCES organisations(id),
        building_id      bigint REFERENCES buildings(id),
        created_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_norms__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_norms__scope CHECK (organisation_id IS NULL OR building_id IS NULL),
        CONSTRAINT ex_norms__overlap EXCLUDE USING gist (
          service_code WITH =,
          (coalesce(organisation_id, 0)) WITH =, (coalesce(building_id, 0)) WITH =,
          daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE meters (
        id                          bigserial PRIMARY KEY,
        kind                        text NOT NULL CHECK (kind IN ('individual', 'common')),
        building_id                 bigint NOT NULL REFERENCES buildings(id),
        premises_id                 bigint REFERENCES premises(id),
        service_code                text NOT NULL REFERENCES services(code),
        serial_number               text NOT NULL,
        model                       text,
        zones                       smallint NOT NULL CHECK (zones BETWEEN 1 AND 3),
        digits                      smallint NOT NULL CHECK (digits BETWEEN 1 AND 12),
        installed_on                date NOT NULL,
        seal_number                 text,
        verified_on                 date NOT NULL,
        verification_interval_years smallint NOT NULL CHECK (verification_interval_years BETWEEN 1 AND 20),
        next_verification_on        date NOT NULL,
        status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'decommissioned')),
        decommissioned_on           date,
        decommission_reason         text,
        replaces_meter_id           bigint REFERENCES meters(id),
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_meters__kind_premises CHECK ((kind = 'individual') = (premises_id IS NOT NULL)),
        CONSTRAINT ck_meters__decommissioned CHECK ((status = 'decommissioned') = (decommissioned_on IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_meters__active_serial ON meters (service_code, serial_number) WHERE status = 'active'`,
    );
    await q.query(`CREATE INDEX ix_meters__premises ON meters (premises_id) WHERE premises_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_meters__building ON meters (building_id)`);
    await q.query(
      `CREATE INDEX ix_meters__next_verification ON meters (next_verification_on) WHERE status = 'active'`,
    );

    // One row per meter, zone and date. `period` is the billing month the reading counts for
    // (a reading taken after the cut-off day counts for the next month).
    await q.query(`
      CREATE TABLE meter_readings (
        id              bigserial PRIMARY KEY,
        meter_id        bigint NOT NULL REFERENCES meters(id),
        zone            text NOT NULL CHECK (zone IN ('T1', 'T2', 'T3')),
        value           numeric(16,6) NOT NULL CHECK (value >= 0),
        taken_on        date NOT NULL,
        period          date NOT NULL CHECK (extract(day FROM period) = 1),
        kind            text NOT NULL CHECK (kind IN ('initial', 'regular', 'closing')),
        channel         text NOT NULL CHECK (channel IN ('specialist', 'subscriber', 'inspector', 'settlement_centre', 'file_import', 'system')),
        rollover        boolean NOT NULL DEFAULT false,
        suspect         boolean NOT NULL DEFAULT false,
        suspect_reason  text,
        created_by      text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_meter_readings__meter_zone_date UNIQUE (meter_id, zone, taken_on)
      )`);
    await q.query(`CREATE INDEX ix_meter_readings__meter_period ON meter_readings (meter_id, period, zone)`);

    await q.query(`
      CREATE TABLE reading_imports (
        id          bigserial PRIMARY KEY,
        file_name   text,
        sha256      char(64) NOT NULL,
        lines       integer NOT NULL,
        accepted    integer NOT NULL,
        unchanged   integer NOT NULL,
        rejected    integer NOT NULL,
        results     jsonb NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE billing_runs (
        id             bigserial PRIMARY KEY,
        period         date NOT NULL CHECK (extract(day FROM period) = 1),
        status         text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'completed_with_errors', 'failed')),
        building_ids   bigint[],
        buildings_total integer NOT NULL,
        requested_by   text NOT NULL,
        accounts_billed integer,
        lines          integer,
        issues         integer,
        totals         jsonb,
        error          text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        finished_at    timestamptz
      )`);
    // At most one active run per period: the database refuses the second, whatever the queue does.
    await q.query(
      `CREATE UNIQUE INDEX uq_billing_runs__active_period ON billing_runs (period) WHERE status IN ('queued', 'running')`,
    );

    await q.query(`
      CREATE TABLE billing_run_chunks (
        id            bigserial PRIMARY KEY,
        run_id        bigint NOT NULL REFERENCES billing_runs(id),
        building_id   bigint NOT NULL REFERENCES buildings(id),
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts      integer NOT NULL DEFAULT 0,
        accounts      integer,
        lines         integer,
        issues        integer,
        total         numeric(14,2),
        error         text,
        started_at    timestamptz,
        finished_at   timestamptz,
        CONSTRAINT uq_billing_run_chunks__run_building UNIQUE (run_id, building_id)
      )`);

    // Draft charge lines: one per period, account, service and tariff zone (NULL zone = single rate).
    // A re-run replaces a building's lines for the period; the unique key makes duplicates impossible.
    await q.query(`
      CREATE TABLE charge_lines (
        id            bigserial PRIMARY KEY,
        period        date NOT NULL CHECK (extract(day FROM period) = 1),
        account_id    bigint NOT NULL REFERENCES accounts(id),
        building_id   bigint NOT NULL REFERENCES buildings(id),
        service_code  text NOT NULL REFERENCES services(code),
        zone          text CHECK (zone IN ('T1', 'T2', 'T3')),
        run_id        bigint NOT NULL REFERENCES billing_runs(id),
        method        text NOT NULL CHECK (method IN ('metered', 'norm', 'area', 'derived')),
        volume        numeric(16,6) NOT NULL,
        unit          text NOT NULL,
        tariff        numeric(14,6) NOT NULL,
        tariff_id     bigint REFERENCES tariffs(id),
        amount        numeric(14,2) NOT NULL,
        basis         jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_charge_lines__period_account_service_zone UNIQUE NULLS NOT DISTINCT (period, account_id, service_code, zone)
      )`);
    await q.query(`CREATE INDEX ix_charge_lines__period_building ON charge_lines (period, building_id)`);
    await q.query(`CREATE INDEX ix_charge_lines__account_period ON charge_lines (account_id, period)`);

    // Accounts a run could not bill for a service (no tariff, no norm, no area …): flagged data, not errors.
    await q.query(`
      CREATE TABLE billing_run_issues (
        id            bigserial PRIMARY KEY,
        run_id        bigint NOT NULL REFERENCES billing_runs(id),
        building_id   bigint NOT NULL REFERENCES buildings(id),
        account_id    bigint NOT NULL REFERENCES accounts(id),
        service_code  text NOT NULL REFERENCES services(code),
        code          text NOT NULL,
        message       text NOT NULL,
        CONSTRAINT uq_billing_run_issues__run_account_service_code UNIQUE (run_id, account_id, service_code, code)
      )`);

    await q.query(`
      CREATE TABLE users (
        id             bigserial PRIMARY KEY,
        login          text NOT NULL,
        full_name      text NOT NULL,
        role           text NOT NULL CHECK (role IN ('admin', 'supervisor', 'specialist', 'settlement_centre', 'auditor')),
        password_hash  text NOT NULL,
        active         boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_users__login UNIQUE (login)
      )`);

    await q.query(`
      CREATE TABLE api_keys (
        id           bigserial PRIMARY KEY,
        name         text NOT NULL,
        prefix       varchar(12) NOT NULL,
        key_hash     char(64) NOT NULL,
        role         text NOT NULL CHECK (role IN ('admin', 'supervisor', 'specialist', 'settlement_centre', 'auditor')),
        scopes       text[] NOT NULL DEFAULT '{}',
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz,
        CONSTRAINT uq_api_keys__key_hash UNIQUE (key_hash)
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id           bigserial PRIMARY KEY,
        at           timestamptz NOT NULL DEFAULT now(),
        actor_type   text NOT NULL,
        actor_id     text,
        actor_name   text NOT NULL,
        action       text NOT NULL,
        entity       text NOT NULL,
        entity_id    text,
        reason       text,
        request_id   text,
        details      jsonb
      )`);
    await q.query(`CREATE INDEX ix_audit_log__entity ON audit_log (entity, entity_id)`);
    await q.query(`CREATE INDEX ix_audit_log__at ON audit_log (at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_log',
      'api_keys',
      'users',
      'billing_run_issues',
      'charge_lines',
      'billing_run_chunks',
      'billing_runs',
      'reading_imports',
      'meter_readings',
      'meters',
      'norms',
      'tariffs',
      'account_residents',
      'accounts',
      'premises',
      'building_services',
      'buildings',
      'organisations',
      'services',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
