import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Heating charged evenly over the year or only in the heating season (a building setting, decree 354
 * para 42(1)), heating seasons as data, and two-component hot water (formula 20: cold water per m³ plus
 * the heat for heating it, Gcal per m³ × the heat tariff).
 */
export class HeatingAndHotWater1764400700000 implements MigrationInterface {
  name = 'HeatingAndHotWater1764400700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE building_billing_settings
                     ADD COLUMN heating_mode text NOT NULL DEFAULT 'even' CHECK (heating_mode IN ('even', 'season')),
                     ADD COLUMN hot_water_mode text NOT NULL DEFAULT 'single' CHECK (hot_water_mode IN ('single', 'two_component')),
                     ADD COLUMN hot_water_heat_per_m3 numeric(10,6) CHECK (hot_water_heat_per_m3 > 0)`);
    await q.query(`
      CREATE TABLE heating_seasons (
        id         bigserial PRIMARY KEY,
        starts_on  date NOT NULL,
        ends_on    date NOT NULL,
        source     text NOT NULL,
        CONSTRAINT ck_heating_seasons__range CHECK (ends_on >= starts_on),
        CONSTRAINT ex_heating_seasons__overlap EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
      )`);
    // Default seasons 1 October – 30 April; the real dates are set by local decision each year (editable).
    await q.query(`
      INSERT INTO heating_seasons (starts_on, ends_on, source)
      SELECT make_date(y, 10, 1), make_date(y + 1, 4, 30), 'default 01.10–30.04; replace with the local decision'
        FROM generate_series(2015, 2027) AS y`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE heating_seasons`);
    await q.query(`ALTER TABLE building_billing_settings DROP COLUMN heating_mode, DROP COLUMN hot_water_mode,
                     DROP COLUMN hot_water_heat_per_m3`);
  }
}
