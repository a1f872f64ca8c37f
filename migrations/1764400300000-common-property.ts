import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Common-property (ОДН / СОИ) consumption, decree 354 para 44 and formulas 10, 12, 15: services billed
 * per premises area share, the building's common area and its cap decision as settings.
 */
export class CommonProperty1764400300000 implements MigrationInterface {
  name = 'CommonProperty1764400300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE services DROP CONSTRAINT services_calculation_check`);
    await q.query(`ALTER TABLE services ADD CONSTRAINT ck_services__calculation
                     CHECK (calculation IN ('metered', 'derived', 'area_norm', 'area', 'norm', 'common'))`);
    await q.query(`
      INSERT INTO services (code, name, unit, volume_scale, calculation, sort_order) VALUES
        ('cold_water_odn',  'Холодная вода на содержание общего имущества',   'm3',  3, 'common', 15),
        ('hot_water_odn',   'Горячая вода на содержание общего имущества',    'm3',  3, 'common', 25),
        ('electricity_odn', 'Электроэнергия на содержание общего имущества',  'kWh', 3, 'common', 45)`);
    await q.query(`
      CREATE TABLE building_billing_settings (
        building_id        bigint PRIMARY KEY REFERENCES buildings(id),
        common_area        numeric(10,2) CHECK (common_area > 0),
        odn_cap_by_norm    boolean NOT NULL DEFAULT true,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT ck_charge_lines__method`);
    await q.query(`ALTER TABLE charge_lines ADD CONSTRAINT ck_charge_lines__method
                     CHECK (method IN ('metered', 'average', 'norm', 'area', 'derived', 'common'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT ck_charge_lines__method`);
    await q.query(`ALTER TABLE charge_lines ADD CONSTRAINT ck_charge_lines__method
                     CHECK (method IN ('metered', 'average', 'norm', 'area', 'derived'))`);
    await q.query(`DROP TABLE building_billing_settings`);
    await q.query(`DELETE FROM services WHERE calculation = 'common'`);
    await q.query(`ALTER TABLE services DROP CONSTRAINT ck_services__calculation`);
    await q.query(`ALTER TABLE services ADD CONSTRAINT services_calculation_check
                     CHECK (calculation IN ('metered', 'derived', 'area_norm', 'area', 'norm'))`);
  }
}
