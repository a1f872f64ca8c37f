import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AbsenceRule } from './domain/absence.calc';
import { QualityIncident, QualityRule } from './domain/quality.calc';

export interface AccountFacts {
  id: string;
  premisesId: string;
  buildingId: string;
}
export interface ServiceFacts {
  code: string;
  unit: string;
  volumeScale: number;
}
export interface MeterFacts {
  id: string;
  kind: string;
  premisesId: string | null;
  buildingId: string;
  serviceCode: string;
  zones: number;
  installedOn: string;
}
export type IncidentRow = QualityIncident & {
  premisesId: string | null;
  startedAt: Date;
  endedAt: Date;
  /** The part inside the period as local wall-clock times 'YYYY-MM-DDTHH:MM' (billing time zone). */
  localFrom: string;
  localTo: string;
};

/** Reads of the facts and rule tables recalculations are computed from (accounts, services, rules, incidents, meters). */
@Injectable()
export class RuleFactsRepository {
  async account(m: EntityManager, id: string): Promise<AccountFacts | undefined> {
    const [row] = await m.query(
      `SELECT a.id::text, a.premises_id::text AS "premisesId", p.building_id::text AS "buildingId"
         FROM accounts a JOIN premises p ON p.id = a.premises_id WHERE a.id = $1`,
      [id],
    );
    return row;
  }

  /** The account open on the premises on a day (the latest opened when several). */
  async accountOnPremises(
    m: EntityManager,
    premisesId: string,
    day: string,
  ): Promise<AccountFacts | undefined> {
    const [row] = await m.query(
      `SELECT a.id::text, a.premises_id::text AS "premisesId", p.building_id::text AS "buildingId"
         FROM accounts a JOIN premises p ON p.id = a.premises_id
        WHERE a.premises_id = $1 AND a.opened_on <= $2 AND (a.closed_on IS NULL OR a.closed_on >= $2)
        ORDER BY a.opened_on DESC LIMIT 1`,
      [premisesId, day],
    );
    return row;
  }

  async premisesBuilding(m: EntityManager, premisesId: string): Promise<string | undefined> {
    const [row] = await m.query(`SELECT building_id::text AS b FROM premises WHERE id = $1`, [premisesId]);
    return row?.b;
  }

  async buildingExists(m: EntityManager, id: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM buildings WHERE id = $1`, [id])).length > 0;
  }

  async service(m: EntityManager, code: string): Promise<ServiceFacts | undefined> {
    const [row] = await m.query(
      `SELECT code, unit, volume_scale AS "volumeScale" FROM services WHERE code = $1`,
      [code],
    );
    return row;
  }

  async absenceRule(m: EntityManager, day: string): Promise<AbsenceRule | undefined> {
    const [row] = await m.query(
      `SELECT more_than_days AS "moreThanDays", application_days AS "applicationDays", services FROM absence_rules
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [day],
    );
    return row;
  }

  async insertAbsence(
    m: EntityManager,
    a: {
      accountId: string;
      from: string;
      to: string;
      persons: number;
      evidence: string;
      appliedOn: string;
      by: string;
    },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO absence_applications (account_id, departed_on, returned_on, persons, evidence, applied_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
      [a.accountId, a.from, a.to, a.persons, a.evidence, a.appliedOn, a.by],
    );
    return row.id;
  }

  async qualityRules(m: EntityManager): Promise<QualityRule[]> {
    return m.query(
      `SELECT id::text, service_code AS "serviceCode", kind, permitted_hours_month::text AS "permittedHoursMonth",
              permitted_hours_once::text AS "permittedHoursOnce", percent_per_hour::text AS "percentPerHour",
              per_degree AS "perDegree", degree_step::text AS "degreeStep", cold_below_degrees::text AS "coldBelowDegrees",
              confirmed, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"
         FROM quality_rules ORDER BY service_code, kind, valid_from`,
    );
  }

  /**
   * A building's incidents overlapping the period (in the billing time zone), clipped to it: whole
   * minutes inside the period and the local day they start on. `premisesId` limits to the building-wide
   * incidents and those of that premises.
   */
  async incidents(
    m: EntityManager,
    s: { buildingId: string; premisesId: string | null; period: string; timeZone: string },
  ): Promise<IncidentRow[]> {
    return m.query(
      `WITH b AS (SELECT ($2::date::timestamp AT TIME ZONE $3::text) AS ps, (($2::date + interval '1 month')::timestamp AT TIME ZONE $3::text) AS pe)
       SELECT i.id::text, i.service_code AS "serviceCode", i.kind, i.premises_id::text AS "premisesId",
              to_char(greatest(i.started_at, b.ps) AT TIME ZONE $3::text, 'YYYY-MM-DD') AS "startedOn",
              floor(extract(epoch FROM least(i.ended_at, b.pe) - greatest(i.started_at, b.ps)) / 60)::int AS minutes,
              i.degrees::text, i.temperature::text, i.dispatcher_request AS "dispatcherRequest",
              i.started_at AS "startedAt", i.ended_at AS "endedAt",
              to_char(greatest(i.started_at, b.ps) AT TIME ZONE $3::text, 'YYYY-MM-DD"T"HH24:MI') AS "localFrom",
              to_char(least(i.ended_at, b.pe) AT TIME ZONE $3::text, 'YYYY-MM-DD"T"HH24:MI') AS "localTo"
         FROM service_quality_incidents i, b
        WHERE i.building_id = $1 AND i.started_at < b.pe AND i.ended_at > b.ps
          AND ($4::bigint IS NULL OR i.premises_id IS NULL OR i.premises_id = $4)
        ORDER BY i.started_at, i.id`,
      [s.buildingId, `${s.period}-01`, s.timeZone, s.premisesId],
    );
  }

  async meter(m: EntityManager, id: string): Promise<MeterFacts | undefined> {
    const [row] = await m.query(
      `SELECT id::text, kind, premises_id::text AS "premisesId", building_id::text AS "buildingId",
              service_code AS "serviceCode", zones, to_char(installed_on, 'YYYY-MM-DD') AS "installedOn"
         FROM meters WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Services of the account's premises with an act of technical impossibility of metering. */
  async impossibleServices(m: EntityManager, accountId: string): Promise<string[]> {
    const rows: { s: string }[] = await m.query(
      `SELECT i.service_code AS s FROM metering_impossibility_acts i JOIN accounts a ON a.premises_id = i.premises_id
        WHERE a.id = $1 ORDER BY 1`,
      [accountId],
    );
    return rows.map((r) => r.s);
  }

  /** The maker-checker threshold in force on the day (undefined: no row, the setting applies). */
  async manualApprovalThreshold(m: EntityManager, day: string): Promise<string | undefined> {
    const [row] = await m.query(
      `SELECT threshold::text FROM manual_approval_rules
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [day],
    );
    return row?.threshold;
  }

  async tamperingRule(
    m: EntityManager,
    day: string,
  ): Promise<{ coefficient: string; lookbackMonths: number } | undefined> {
    const [row] = await m.query(
      `SELECT coefficient::text, lookback_months AS "lookbackMonths" FROM tampering_rules
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [day],
    );
    return row;
  }
}
