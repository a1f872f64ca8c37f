import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { addMonths } from 'src/shared/period';
import { CalculateChargeLinesParams, ReadingInput } from './domain/charge-lines.calc';
import { SubstitutionRule } from './domain/substitution.calc';

export type BuildingInputs = Omit<CalculateChargeLinesParams, 'period' | 'derivedFrom'>;

const END = `($2::date + interval '1 month' - interval '1 day')::date`;
/** First day a meter may have left service and still be substituted by its average ($3 = max periods). */
const RETIRED_FROM = `($2::date - $3::int * interval '1 month')::date`;
/** Rows whose inclusive validity overlaps the period [$2, END]. */
const OVERLAPS = (alias: string) =>
  `${alias}.valid_from <= ${END} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= $2::date)`;

/** A building's rows carry its id so one statement can serve a whole batch of buildings. */
type Tagged<T> = T & { buildingId: string };

/** Groups rows by their `buildingId` (dropping it), keeping the statement's order inside a building. */
function byBuilding<T extends object>(ids: string[], rows: Tagged<T>[]): Map<string, T[]> {
  const out = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const { buildingId, ...row } of rows) out.get(buildingId)?.push(row as unknown as T);
  return out;
}

/**
 * Loads everything a batch of buildings' month needs with a handful of set-based queries whose number
 * does not depend on the batch size (`building_id = ANY($1)`, no query per building or account):
 * services, accounts with their residents history, every tariff, norm and coefficient in force some
 * day of the period (with their scope priority), meters, readings, earlier average-billed volumes,
 * impossibility acts and the substitution rule. `load` is the one-building form (preview,
 * recalculations, tests); both return the same inputs for a building.
 */
@Injectable()
export class BillingInputsRepository {
  async load(m: EntityManager, buildingId: string, period: string): Promise<BuildingInputs> {
    const all = await this.loadMany(m, [buildingId], period);
    return all.get(buildingId)!;
  }

  async loadMany(
    m: EntityManager,
    buildingIds: string[],
    period: string,
  ): Promise<Map<string, BuildingInputs>> {
    const ids = [...new Set(buildingIds)];
    const start = `${period}-01`;
    const args = [ids, start];
    const substitution = await this.substitutionRule(m, start);
    // One connection serves the transaction: the queries run one after another.
    const services = await m.query(
      `SELECT bs.building_id::text AS "buildingId", s.code, s.unit, s.volume_scale AS "volumeScale", s.calculation
         FROM building_services bs JOIN services s ON s.code = bs.service_code
        WHERE bs.building_id = ANY($1::bigint[]) AND ${OVERLAPS('bs')} ORDER BY bs.building_id, s.sort_order`,
      args,
    );
    const accounts = await m.query(
      `SELECT p.building_id::text AS "buildingId", a.id AS "accountId", p.id AS "premisesId", p.area::text AS area,
              a.opened_on AS "openedOn", a.closed_on AS "closedOn",
              coalesce((SELECT json_agg(json_build_object('from', r.valid_from, 'count', r.count) ORDER BY r.valid_from)
                          FROM account_residents r WHERE r.account_id = a.id), '[]') AS residents
         FROM accounts a JOIN premises p ON p.id = a.premises_id
        WHERE p.building_id = ANY($1::bigint[]) AND a.opened_on <= ${END} AND (a.closed_on IS NULL OR a.closed_on >= $2::date)
        ORDER BY a.id`,
      args,
    );
    const tariffs = await m.query(
      `SELECT b.id::text AS "buildingId", t.id, t.service_code AS "serviceCode", t.zone, t.price::text AS price,
              t.valid_from AS "validFrom", t.valid_to AS "validTo", CASE WHEN t.building_id IS NOT NULL THEN 0 ELSE 1 END AS priority
         FROM tariffs t JOIN buildings b ON b.id = ANY($1::bigint[])
        WHERE (t.building_id = b.id OR t.organisation_id = b.organisation_id) AND ${OVERLAPS('t')}`,
      args,
    );
    const norms = await m.query(
      `SELECT b.id::text AS "buildingId", n.id, n.service_code AS "serviceCode", n.value::text AS value, n.basis,
              n.valid_from AS "validFrom", n.valid_to AS "validTo",
              CASE WHEN n.building_id IS NOT NULL THEN 0 WHEN n.organisation_id IS NOT NULL THEN 1 ELSE 2 END AS priority
         FROM norms n JOIN buildings b ON b.id = ANY($1::bigint[])
        WHERE (n.building_id = b.id OR n.organisation_id = b.organisation_id OR (n.building_id IS NULL AND n.organisation_id IS NULL))
          AND ${OVERLAPS('n')}`,
      args,
    );
    const coefficients = await m.query(
      `SELECT c.service_code AS "serviceCode", c.applies_when AS "appliesWhen", c.value::text AS value,
              c.valid_from AS "validFrom", c.valid_to AS "validTo"
         FROM increasing_coefficients c WHERE $1::bigint[] IS NOT NULL AND ${OVERLAPS('c')}`,
      args,
    );
    const allMeters: Tagged<BuildingInputs['meters'][number] & { kind: string }>[] = await m.query(
      `SELECT building_id::text AS "buildingId", id AS "meterId", coalesce(premises_id::text, '') AS "premisesId",
              service_code AS "serviceCode", serial_number AS "serialNumber", zones, digits,
              next_verification_on AS "nextVerificationOn", kind,
              installed_on AS "installedOn", decommissioned_on AS "decommissionedOn"
         FROM meters
        WHERE building_id = ANY($1::bigint[]) AND installed_on <= ${END} AND (decommissioned_on IS NULL OR decommissioned_on >= $2::date
              OR (kind = 'individual' AND decommissioned_on >= ${RETIRED_FROM}))
        ORDER BY id`,
      [...args, substitution.maxPeriods],
    );
    const buildings: Tagged<BuildingInputs['building']>[] = await m.query(
      `SELECT b.id::text AS "buildingId",
              (SELECT coalesce(sum(area), 0)::text FROM premises WHERE building_id = b.id) AS "totalArea",
              s.common_area::text AS "commonArea", coalesce(s.odn_cap_by_norm, true) AS "capByNorm",
              coalesce(s.heating_mode, 'even') AS "heatingMode", coalesce(s.hot_water_mode, 'single') AS "hotWaterMode",
              s.hot_water_heat_per_m3::text AS "hotWaterHeatPerM3"
         FROM unnest($1::bigint[]) AS b(id) LEFT JOIN building_billing_settings s ON s.building_id = b.id`,
      [ids],
    );
    const heatingSeasons = await m.query(
      `SELECT starts_on AS "validFrom", ends_on AS "validTo" FROM heating_seasons
        WHERE starts_on <= ($1::date + interval '1 month' - interval '1 day')::date AND ends_on >= $1::date
        ORDER BY starts_on`,
      [start],
    );
    const readings = await this.readings(
      m,
      ids,
      start,
      addMonths(period, -(substitution.historyMonths + substitution.maxPeriods + 1)),
      `${addMonths(period, -substitution.maxPeriods)}-01`,
    );
    // Volumes billed instead of readings in the last two years: averages, and norms for an unread meter.
    const priorAverages = await m.query(
      `SELECT c.building_id::text AS "buildingId", c.account_id AS "accountId", c.service_code AS "serviceCode", c.zone,
              to_char(c.period, 'YYYY-MM') AS period, c.method, sum(c.volume)::text AS volume
         FROM charge_lines c
        WHERE c.building_id = ANY($1::bigint[]) AND c.period >= $3::date AND c.period < $2::date
          AND (c.method = 'average' OR (c.method = 'norm' AND c.basis->>'reason' = 'no_reading'))
        GROUP BY 1, 2, 3, 4, 5, 6`,
      [ids, start, `${addMonths(period, -24)}-01`],
    );
    // Para 61 differences already billed by control-check documents (seal intact), see ControlCheckDelta.
    const controlChecks = await m.query(
      `SELECT p.building_id::text AS "buildingId", rl.account_id AS "accountId", rl.service_code AS "serviceCode", rl.zone,
              cc.checked_on AS "checkedOn", sum(rl.volume_delta)::text AS volume
         FROM recalculation_lines rl
         JOIN recalculations r ON r.id = rl.recalculation_id AND r.kind = 'control_check'
         JOIN control_checks cc ON cc.id = r.control_check_id AND cc.seal_intact
         JOIN accounts a ON a.id = rl.account_id JOIN premises p ON p.id = a.premises_id
        WHERE p.building_id = ANY($1::bigint[]) AND cc.checked_on >= $2::date - interval '24 months'
        GROUP BY 1, 2, 3, 4, 5`,
      args,
    );
    const acts: Tagged<{ key: string }>[] = await m.query(
      `SELECT p.building_id::text AS "buildingId", a.premises_id || '|' || a.service_code AS key
         FROM metering_impossibility_acts a JOIN premises p ON p.id = a.premises_id WHERE p.building_id = ANY($1::bigint[])`,
      [ids],
    );
    const g = {
      services: byBuilding(ids, services),
      accounts: byBuilding(ids, accounts),
      tariffs: byBuilding(ids, tariffs),
      norms: byBuilding(ids, norms),
      meters: byBuilding(ids, allMeters),
      buildings: byBuilding(ids, buildings),
      readings: byBuilding(ids, readings),
      priorAverages: byBuilding(ids, priorAverages),
      controlChecks: byBuilding(ids, controlChecks),
      acts: byBuilding(ids, acts),
    };
    const out = new Map<string, BuildingInputs>();
    for (const id of ids) {
      const meters = g.meters.get(id)!;
      out.set(id, {
        building: g.buildings.get(id)![0],
        // Individual meters retired in the substitution window stay (para 59 "а"); the calculation decides.
        commonMeters: meters.filter(
          (x) => x.kind === 'common' && (x.decommissionedOn === null || (x.decommissionedOn ?? '') >= start),
        ),
        heatingSeasons,
        services: g.services.get(id)! as BuildingInputs['services'],
        accounts: g.accounts.get(id)! as BuildingInputs['accounts'],
        tariffs: g.tariffs.get(id)! as BuildingInputs['tariffs'],
        norms: g.norms.get(id)! as BuildingInputs['norms'],
        coefficients,
        meters: meters.filter((x) => x.kind === 'individual'),
        readings: g.readings.get(id)!,
        priorAverages: g.priorAverages.get(id)! as BuildingInputs['priorAverages'],
        controlChecks: g.controlChecks.get(id)! as BuildingInputs['controlChecks'],
        impossibility: g.acts.get(id)!.map((a) => a.key),
        substitution,
      });
    }
    return out;
  }

  private async substitutionRule(m: EntityManager, start: string): Promise<SubstitutionRule> {
    const [rule] = await m.query(
      `SELECT max_periods AS "maxPeriods", history_months AS "historyMonths", min_history_months AS "minHistoryMonths"
         FROM substitution_rules WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [start],
    );
    // Without a rule in force nothing is substituted: a missing reading goes straight to the norm.
    return rule ?? { maxPeriods: 0, historyMonths: 6, minHistoryMonths: 3 };
  }

  /**
   * Readings of the period; per meter zone the latest one before it (the base: one backward index
   * probe, not a sort of the whole history); and, for meters without a reading or with an expired
   * verification only, the history an average needs.
   */
  private async readings(
    m: EntityManager,
    buildingIds: string[],
    start: string,
    historyFrom: string,
    retiredFrom: string,
  ): Promise<Tagged<ReadingInput>[]> {
    return m.query(
      `WITH mt AS (SELECT id, building_id::text AS bid, zones, next_verification_on, decommissioned_on FROM meters
                    WHERE building_id = ANY($1::bigint[]) AND (decommissioned_on IS NULL OR decommissioned_on >= $4::date)),
            inp AS (SELECT r.*, mt.bid FROM meter_readings r JOIN mt ON mt.id = r.meter_id WHERE r.period = $2::date)
       SELECT bid AS "buildingId", meter_id AS "meterId", zone, value::text AS value, taken_on AS "takenOn", to_char(period, 'YYYY-MM') AS period,
              true AS "inPeriod"
         FROM inp
       UNION ALL
       (SELECT mt.bid, b.meter_id, b.zone, b.value::text, b.taken_on, to_char(b.period, 'YYYY-MM'), false
          FROM mt
         CROSS JOIN LATERAL unnest(ARRAY['T1', 'T2', 'T3']) WITH ORDINALITY AS z(zone, n)
         CROSS JOIN LATERAL (SELECT r.meter_id, r.zone, r.value, r.taken_on, r.period FROM meter_readings r
                              WHERE r.meter_id = mt.id AND r.zone = z.zone AND r.period < $2::date
                              ORDER BY r.taken_on DESC LIMIT 1) b
         WHERE z.n <= mt.zones
        UNION
        SELECT mt.bid, r.meter_id, r.zone, r.value::text, r.taken_on, to_char(r.period, 'YYYY-MM'), false
          FROM mt JOIN meter_readings r ON r.meter_id = mt.id AND r.period >= $3::date AND r.period < $2::date
         WHERE mt.next_verification_on < $2::date OR NOT EXISTS (SELECT 1 FROM inp WHERE inp.meter_id = mt.id)
            OR mt.decommissioned_on < ${END})`,
      [buildingIds, start, `${historyFrom}-01`, retiredFrom],
    );
  }
}
