import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in and debt: payments (with reversals), bank payment registries, request idempotency
 * records, the stored allocation of every payment, and opening balances migrated from another system.
 * Rules that must never break are constraints: one payment per bank payment id, one reversal per
 * payment, one opening balance per account, period, service and kind.
 */
export class Payments1764400100000 implements MigrationInterface {
  name = 'Payments1764400100000';

  public async up(q: QueryRunner): Promise<void> {
    // One record per (scope, caller, key): the answer given the first time, replayed for the same request.
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope           text NOT NULL,
        principal       text NOT NULL,
        key             text NOT NULL,
        request_sha256  char(64) NOT NULL,
        status_code     smallint NOT NULL,
        response        json NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_keys PRIMARY KEY (scope, principal, key)
      )`);

    await q.query(`
      CREATE TABLE payment_registries (
        id               bigserial PRIMARY KEY,
        file_name        text,
        sha256           char(64) NOT NULL,
        encoding         text NOT NULL CHECK (encoding IN ('utf-8', 'windows-1251')),
        lines            integer NOT NULL DEFAULT 0,
        accepted         integer NOT NULL DEFAULT 0,
        unchanged        integer NOT NULL DEFAULT 0,
        rejected         integer NOT NULL DEFAULT 0,
        total            numeric(14,2) NOT NULL DEFAULT 0,
        accepted_amount  numeric(14,2) NOT NULL DEFAULT 0,
        unchanged_amount numeric(14,2) NOT NULL DEFAULT 0,
        rejected_amount  numeric(14,2) NOT NULL DEFAULT 0,
        control_lines    integer,
        control_total    numeric(14,2),
        control_ok       boolean NOT NULL DEFAULT false,
        control_message  text,
        results          jsonb NOT NULL DEFAULT '[]',
        created_by       text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        completed_at     timestamptz
      )`);

    // A reversal is a negative payment linked to its original (never a deletion); the original keeps
    // its row and its allocation. Payer names are not stored (personal data is not needed here).
    await q.query(`
      CREATE TABLE payments (
        id                   bigserial PRIMARY KEY,
        account_id           bigint NOT NULL REFERENCES accounts(id),
        amount               numeric(14,2) NOT NULL,
        paid_on              date NOT NULL,
        channel              text NOT NULL CHECK (channel IN ('bank', 'cash', 'online', 'post', 'other')),
        period               date CHECK (extract(day FROM period) = 1),
        external_id          text,
        bank_payment_id      text,
        registry_id          bigint REFERENCES payment_registries(id),
        reverses_payment_id  bigint REFERENCES payments(id),
        reason               text,
        created_by           text NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payments__reverses UNIQUE (reverses_payment_id),
        CONSTRAINT ck_payments__sign CHECK (
          (reverses_payment_id IS NULL AND amount > 0)
          OR (reverses_payment_id IS NOT NULL AND amount < 0 AND reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_payments__bank_payment_id ON payments (bank_payment_id) WHERE bank_payment_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_payments__account ON payments (account_id, id)`);
    await q.query(`CREATE INDEX ix_payments__paid_on ON payments (paid_on, account_id)`);

    // The visible allocation of every payment: principal and penalty rows name a period (and a
    // service), advance rows name none. The rows of a payment always sum to its amount; applying an
    // advance later adds a negative advance row and positive principal rows to the same payment.
    await q.query(`
      CREATE TABLE payment_allocations (
        id            bigserial PRIMARY KEY,
        payment_id    bigint NOT NULL REFERENCES payments(id),
        account_id    bigint NOT NULL REFERENCES accounts(id),
        period        date CHECK (extract(day FROM period) = 1),
        service_code  text REFERENCES services(code),
        kind          text NOT NULL CHECK (kind IN ('principal', 'penalty', 'advance')),
        amount        numeric(14,2) NOT NULL CHECK (amount <> 0),
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_payment_allocations__target CHECK (
          (kind = 'advance' AND period IS NULL AND service_code IS NULL)
          OR (kind = 'principal' AND period IS NOT NULL AND service_code IS NOT NULL)
          OR (kind = 'penalty' AND period IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_payment_allocations__payment ON payment_allocations (payment_id)`);
    await q.query(
      `CREATE INDEX ix_payment_allocations__account ON payment_allocations (account_id, period, service_code)`,
    );

    // Debt by period and service brought over from the previous system (positive amounts only:
    // an old overpayment is entered as a payment instead).
    await q.query(`
      CREATE TABLE opening_balances (
        id            bigserial PRIMARY KEY,
        account_id    bigint NOT NULL REFERENCES accounts(id),
        period        date NOT NULL CHECK (extract(day FROM period) = 1),
        service_code  text NOT NULL REFERENCES services(code),
        kind          text NOT NULL CHECK (kind IN ('principal', 'penalty')),
        amount        numeric(14,2) NOT NULL CHECK (amount > 0),
        source        text NOT NULL,
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_opening_balances__account_period_service_kind UNIQUE (account_id, period, service_code, kind)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'opening_balances',
      'payment_allocations',
      'payments',
      'payment_registries',
      'idempotency_keys',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
