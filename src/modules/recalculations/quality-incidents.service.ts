import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { CreateQualityIncidentDto } from './dto/recalculation-requests.dto';
import { QualityIncidentDto, QualityIncidentsQuery } from './dto/quality-incident.dto';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { RuleFactsRepository } from './rule-facts.repository';

interface IncidentRow {
  id: string;
  building_id: string;
  premises_id: string | null;
  service_code: string;
  kind: string;
  started_at: Date;
  ended_at: Date;
  degrees: string | null;
  temperature: string | null;
  dispatcher_request: string;
  created_by: string;
}

const COLUMNS = `id::text, building_id::text, premises_id::text, service_code, kind, started_at, ended_at, degrees::text,
  temperature::text, dispatcher_request, created_by`;

/** Service quality incidents (decree 354 section IX): registered from the dispatcher's requests. */
@Injectable()
export class QualityIncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
  ) {}

  async register(dto: CreateQualityIncidentDto, by: Principal): Promise<QualityIncidentDto> {
    const buildingId = await this.scope(dto.buildingId, dto.premisesId);
    if (Date.parse(dto.endedAt) <= Date.parse(dto.startedAt)) {
      throw new BadInputError('INCIDENT_RANGE', 'endedAt must be after startedAt', 'endedAt');
    }
    if (dto.kind === 'temperature' && dto.degrees === undefined) {
      throw new BadInputError('INCIDENT_DEGREES', 'A temperature incident needs degrees', 'degrees');
    }
    const rules = await this.facts.qualityRules(this.db.manager);
    if (!rules.some((r) => r.serviceCode === dto.serviceCode && r.kind === dto.kind)) {
      throw ruleError(RecalculationErrorCode.NoRule, `No quality rule for ${dto.serviceCode} ${dto.kind}`);
    }
    const [row]: IncidentRow[] = await this.db.query(
      `INSERT INTO service_quality_incidents (building_id, premises_id, service_code, kind, started_at, ended_at, degrees,
                                              temperature, dispatcher_request, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        buildingId,
        dto.premisesId ?? null,
        dto.serviceCode,
        dto.kind,
        dto.startedAt,
        dto.endedAt,
        dto.degrees ?? null,
        dto.temperature ?? null,
        dto.dispatcherRequest,
        by.name,
      ],
    );
    return toIncident(row);
  }

  async list(q: QualityIncidentsQuery): Promise<QualityIncidentDto[]> {
    const rows: IncidentRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM service_quality_incidents
        WHERE building_id = $1 AND ($2::date IS NULL OR (started_at < ($2::date + interval '1 month') AND ended_at > $2::date))
        ORDER BY started_at, id`,
      [q.buildingId, q.period ? `${q.period}-01` : null],
    );
    return rows.map(toIncident);
  }

  /** The building of the incident: given, or the premises' building (both must agree). */
  async scope(buildingId: string | undefined, premisesId: string | undefined): Promise<string> {
    if (!buildingId && !premisesId) {
      throw ruleError(RecalculationErrorCode.ScopeRequired, 'Give buildingId or premisesId');
    }
    if (premisesId) {
      const b = await this.facts.premisesBuilding(this.db.manager, premisesId);
      if (!b) throw new NotFoundError('premises', premisesId);
      if (buildingId && buildingId !== b) {
        throw new BadInputError('SCOPE_MISMATCH', 'The premises is not in this building', 'premisesId');
      }
      return b;
    }
    if (!(await this.facts.buildingExists(this.db.manager, buildingId!)))
      throw new NotFoundError('building', buildingId!);
    return buildingId!;
  }
}

function toIncident(r: IncidentRow): QualityIncidentDto {
  return {
    id: r.id,
    buildingId: r.building_id,
    premisesId: r.premises_id,
    serviceCode: r.service_code,
    kind: r.kind,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at.toISOString(),
    degrees: r.degrees,
    temperature: r.temperature,
    dispatcherRequest: r.dispatcher_request,
    createdBy: r.created_by,
  };
}
