import { MigrationInterface, QueryRunner } from 'typeorm';
import { calendarRows } from './1764400000000-penalty-rules.calendar';
import { DUE_RULES, FRACTIONS, KEY_RATES, MORATORIA, RATE_CAPS } from './1764400000000-penalty-rules.seed';

/**
 * Rules of the penalty engine (ЖК РФ ст. 155 ч. 14) as data, each row citing its `source`: key
 * rates, the cap policy of decree 474 and its extensions, moratoria, rate fractions by delay day,
 * due-date rules and the production calendar. Overlapping validity is refused by named EXCLUDE
 * constraints (btree_gist is created by the initial migration). Seeded from RULES.md and
 * key-rates.csv; operators change them through /api/v1/penalty-rules.
 */
export class PenaltyRules1764400000000 implements MigrationInterface {
  name = 'PenaltyRules1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE key_rates (
        id              bigserial PRIMARY KEY,
        effective_from  date NOT NULL,
        rate_percent    numeric(6,3) NOT NULL,
        confirmed       text NOT NULL DEFAULT 'no',
        source          text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_key_rates__effective_from UNIQUE (effective_from),
        CONSTRAINT ck_key_rates__rate CHECK (rate_percent > 0),
        CONSTRAINT ck_key_rates__confirmed CHECK (confirmed IN ('yes', 'partly', 'no'))
      )`);

    await q.query(`
      CREATE TABLE penalty_rate_caps (
        id           bigserial PRIMARY KEY,
        valid_from   date NOT NULL,
        valid_to     date,
        kind         text NOT NULL,
        cap_percent  numeric(6,3) NOT NULL,
        source       text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_penalty_rate_caps__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_penalty_rate_caps__kind CHECK (kind IN ('fixed', 'min_of_key_rate')),
        CONSTRAINT ck_penalty_rate_caps__cap CHECK (cap_percent > 0),
        CONSTRAINT ex_penalty_rate_caps__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE penalty_moratoria (
        id          bigserial PRIMARY KEY,
        valid_from  date NOT NULL,
        valid_to    date,
        scope       text NOT NULL DEFAULT 'all_debts',
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_penalty_moratoria__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ck_penalty_moratoria__scope CHECK (scope IN ('all_debts', 'debts_arisen_before_start')),
        CONSTRAINT ex_penalty_moratoria__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);

    // Days 1–30 are a row with a null denominator (free), so a set of rows covers day 1 to infinity
    // without gaps and a missing rule is visible instead of silently free.
    await q.query(`
      CREATE TABLE penalty_fractions (
        id           bigserial PRIMARY KEY,
        valid_from   date NOT NULL,
        from_day     integer NOT NULL,
        to_day       integer,
        denominator  integer,
        source       text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_penalty_fractions__days CHECK (from_day >= 1 AND (to_day IS NULL OR to_day >= from_day)),
        CONSTRAINT ck_penalty_fractions__denominator CHECK (denominator IS NULL OR denominator > 0),
        CONSTRAINT ex_penalty_fractions__overlap EXCLUDE USING gist (
          valid_from WITH =, int4range(from_day, to_day, '[]') WITH &&)
      )`);

    await q.query(`
      CREATE TABLE payment_due_rules (
        id            bigserial PRIMARY KEY,
        period_from   date NOT NULL,
        period_to     date,
        due_day       smallint NOT NULL,
        month_offset  smallint NOT NULL DEFAULT 1,
        source        text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_payment_due_rules__months CHECK (
          extract(day FROM period_from) = 1 AND (period_to IS NULL OR (extract(day FROM period_to) = 1 AND period_to >= period_from))),
        CONSTRAINT ck_payment_due_rules__day CHECK (due_day BETWEEN 1 AND 31),
        CONSTRAINT ck_payment_due_rules__offset CHECK (month_offset BETWEEN 0 AND 12),
        CONSTRAINT ex_payment_due_rules__overlap EXCLUDE USING gist (daterange(period_from, period_to, '[]') WITH &&)
      )`);

    // A transferred working day can only be a Saturday or Sunday, a transferred day off only a weekday.
    await q.query(`
      CREATE TABLE calendar_days (
        day         date NOT NULL,
        kind        text NOT NULL,
        note        text NOT NULL DEFAULT '',
        source      text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_calendar_days PRIMARY KEY (day),
        CONSTRAINT ck_calendar_days__kind CHECK (kind IN ('holiday', 'workday', 'dayoff')),
        CONSTRAINT ck_calendar_days__weekday CHECK (
          (kind <> 'workday' OR extract(isodow FROM day) >= 6) AND (kind <> 'dayoff' OR extract(isodow FROM day) <= 5))
      )`);

    await seedPenaltyRules(q);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'calendar_days',
      'payment_due_rules',
      'penalty_fractions',
      'penalty_moratoria',
      'penalty_rate_caps',
      'key_rates',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}

/** Inserts the shipped rows: one statement per table, arrays through unnest. */
async function seedPenaltyRules(q: QueryRunner): Promise<void> {
  const col = <T>(rows: T[][], i: number) => rows.map((r) => r[i]);
  await q.query(
    `INSERT INTO key_rates (effective_from, rate_percent, confirmed, source)
     SELECT * FROM unnest($1::date[], $2::numeric[], $3::text[], $4::text[])`,
    [0, 1, 2, 3].map((i) => col(KEY_RATES, i)),
  );
  await q.query(
    `INSERT INTO penalty_rate_caps (valid_from, valid_to, kind, cap_percent, source)
     SELECT * FROM unnest($1::date[], $2::date[], $3::text[], $4::numeric[], $5::text[])`,
    [0, 1, 2, 3, 4].map((i) => col(RATE_CAPS, i)),
  );
  await q.query(
    `INSERT INTO penalty_moratoria (valid_from, valid_to, scope, source)
     SELECT * FROM unnest($1::date[], $2::date[], $3::text[], $4::text[])`,
    [0, 1, 2, 3].map((i) => col(MORATORIA, i)),
  );
  await q.query(
    `INSERT INTO penalty_fractions (valid_from, from_day, to_day, denominator, source)
     SELECT * FROM unnest($1::date[], $2::int[], $3::int[], $4::int[], $5::text[])`,
    [0, 1, 2, 3, 4].map((i) => col(FRACTIONS, i)),
  );
  await q.query(
    `INSERT INTO payment_due_rules (period_from, period_to, due_day, month_offset, source)
     SELECT * FROM unnest($1::date[], $2::date[], $3::smallint[], $4::smallint[], $5::text[])`,
    [0, 1, 2, 3, 4].map((i) => col(DUE_RULES, i)),
  );
  const days = calendarRows();
  await q.query(
    `INSERT INTO calendar_days (day, kind, note, source)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[])`,
    [0, 1, 2, 3].map((i) => col(days, i)),
  );
}
