import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, RuleViolationError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { ReadingChannel } from 'src/modules/readings/dto/readings.dto';
import { ReadingsService } from 'src/modules/readings/readings.service';
import { daysBetween, todayIn, addDays } from 'src/shared/period';
import {
  checkDecommission,
  checkMeterRegistration,
  checkVerificationUpdate,
  computeNextVerificationOn,
  MeterKind,
} from './domain/meter.rules';
import {
  MeterResponseDto,
  RegisteredMeterResponseDto,
  ReplaceMeterResponseDto,
  toMeterResponse,
  VerificationDueResponseDto,
} from './dto/meter-response.dto';
import {
  CreateMeterDto,
  DecommissionMeterDto,
  MetersQuery,
  NewMeterDto,
  ReplaceMeterDto,
  UpdateVerificationDto,
  VerificationDueQuery,
} from './dto/meters.dto';
import { MeterErrorCode } from './meters.errors';
import { MeterRow, MetersRepository } from './meters.repository';

type Placement = Pick<
  MeterRow,
  'kind' | 'building_id' | 'premises_id' | 'service_code' | 'installed_on' | 'replaces_meter_id'
>;

/** Meters (приборы учёта): registration, replacement, decommissioning, verification. */
@Injectable()
export class MetersService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MetersRepository,
    private readonly readings: ReadingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return todayIn(this.config.billing.timezone);
  }

  /** Registers a meter with its initial readings (one transaction). */
  async register(dto: CreateMeterDto, createdBy: string): Promise<RegisteredMeterResponseDto> {
    const problem = checkMeterRegistration({ ...dto, today: this.today() });
    if (problem) throw problem;
    return this.db.transaction(async (m) => {
      const buildingId = await this.buildingOf(m, dto);
      const placement: Placement = {
        kind: dto.kind,
        building_id: buildingId,
        premises_id: dto.premisesId ?? null,
        service_code: dto.serviceCode,
        installed_on: dto.installedOn,
        replaces_meter_id: null,
      };
      return this.install(m, dto, placement, createdBy, 'initialReadings');
    });
  }

  private async buildingOf(m: EntityManager, dto: CreateMeterDto): Promise<string> {
    if (dto.kind === MeterKind.Common) {
      if (!(await this.repo.buildingExists(m, dto.buildingId!)))
        throw new NotFoundError('building', dto.buildingId!);
      return dto.buildingId!;
    }
    const buildingId = await this.repo.premisesBuilding(m, dto.premisesId!);
    if (!buildingId) throw new NotFoundError('premises', dto.premisesId!);
    if (dto.buildingId && dto.buildingId !== buildingId) {
      throw new RuleViolationError(
        MeterErrorCode.BuildingMismatch,
        `Premises ${dto.premisesId} are in building ${buildingId}`,
        { buildingId },
        'buildingId',
      );
    }
    return buildingId;
  }

  private async install(
    m: EntityManager,
    d: NewMeterDto,
    at: Placement,
    createdBy: string,
    readingsField: string,
  ): Promise<RegisteredMeterResponseDto> {
    const row = await this.repo.insert(m, {
      ...at,
      serial_number: d.serialNumber,
      model: d.model ?? null,
      zones: d.zones,
      digits: d.digits,
      seal_number: d.sealNumber ?? null,
      verified_on: d.verifiedOn,
      verification_interval_years: d.verificationIntervalYears,
      next_verification_on: computeNextVerificationOn(d.verifiedOn, d.verificationIntervalYears),
    });
    const facts = { id: row.id, zones: row.zones, digits: row.digits, installedOn: row.installed_on };
    const initialReadings = await this.readings.recordInitial(
      m,
      facts,
      d.initialReadings,
      createdBy,
      readingsField,
    );
    return { ...toMeterResponse(row), initialReadings };
  }

  async get(id: string): Promise<MeterResponseDto> {
    return toMeterResponse(await this.found(this.db.manager, id));
  }

  private async found(m: EntityManager, id: string, lock = false): Promise<MeterRow> {
    const row = await this.repo.findById(m, id, lock);
    if (!row) throw new NotFoundError('meter', id);
    return row;
  }

  async list(q: MetersQuery): Promise<Page<MeterResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list(this.db.manager, { ...q, limit });
    return pageOf(rows.map(toMeterResponse), limit);
  }

  /** Active meters whose verification runs out within `withinDays` of today, overdue ones included. */
  async verificationDue(q: VerificationDueQuery): Promise<VerificationDueResponseDto> {
    const asOf = this.today();
    const until = addDays(asOf, q.withinDays ?? 30);
    const rows = await this.repo.verificationDue(this.db.manager, until);
    const items = rows.map((r) => ({
      ...toMeterResponse(r),
      daysUntilDue: daysBetween(asOf, r.next_verification_on),
    }));
    return { asOf, until, items };
  }

  async decommission(id: string, dto: DecommissionMeterDto): Promise<MeterResponseDto> {
    return this.db.transaction(async (m) => {
      const meter = await this.found(m, id, true);
      const problem = checkDecommission({
        status: meter.status,
        installedOn: meter.installed_on,
        date: dto.date,
        today: this.today(),
        lastReadingOn: await this.readings.lastReadingOn(m, id),
      });
      if (problem) throw problem;
      return toMeterResponse(await this.repo.decommission(m, id, dto.date, dto.reason));
    });
  }

  /**
   * Replacement in one transaction: the old meter's closing readings (the usual rules, except an
   * expired verification), its decommissioning on the day, and the new meter with its initial
   * readings on the same day, linked through replaces_meter_id.
   */
  async replace(id: string, dto: ReplaceMeterDto, createdBy: string): Promise<ReplaceMeterResponseDto> {
    return this.db.transaction(async (m) => {
      const old = await this.found(m, id, true);
      await this.checkReplacement(m, old, dto);
      const closingReadings = await this.readings.submitWithin(
        m,
        {
          meterId: id,
          values: dto.closingReadings,
          takenOn: dto.date,
          channel: ReadingChannel.Specialist,
          kind: 'closing',
          allowExpiredVerification: true,
        },
        createdBy,
        'closingReadings',
      );
      const oldMeter = toMeterResponse(await this.repo.decommission(m, id, dto.date, dto.reason));
      const placement: Placement = {
        kind: old.kind,
        building_id: old.building_id,
        premises_id: old.premises_id,
        service_code: old.service_code,
        installed_on: dto.date,
        replaces_meter_id: old.id,
      };
      const newMeter = await this.install(m, dto.newMeter, placement, createdBy, 'newMeter.initialReadings');
      return { oldMeter, closingReadings, newMeter };
    });
  }

  private async checkReplacement(m: EntityManager, old: MeterRow, dto: ReplaceMeterDto): Promise<void> {
    const today = this.today();
    const problem =
      checkDecommission({
        status: old.status,
        installedOn: old.installed_on,
        date: dto.date,
        today,
        lastReadingOn: await this.readings.lastReadingOn(m, old.id),
      }) ??
      checkMeterRegistration(
        {
          kind: old.kind,
          serviceCode: old.service_code,
          premisesId: old.premises_id,
          buildingId: old.building_id,
          installedOn: dto.date,
          verifiedOn: dto.newMeter.verifiedOn,
          verificationIntervalYears: dto.newMeter.verificationIntervalYears,
          today,
        },
        'newMeter.',
      );
    if (problem) throw problem;
  }

  /** Records a new verification (and seal): nextVerificationOn = verifiedOn + interval years. */
  async updateVerification(id: string, dto: UpdateVerificationDto): Promise<MeterResponseDto> {
    return this.db.transaction(async (m) => {
      const meter = await this.found(m, id, true);
      const problem = checkVerificationUpdate({
        status: meter.status,
        verifiedOn: dto.verifiedOn,
        today: this.today(),
      });
      if (problem) throw problem;
      const row = await this.repo.updateVerification(m, id, {
        verifiedOn: dto.verifiedOn,
        intervalYears: dto.verificationIntervalYears,
        sealNumber: dto.sealNumber,
        nextVerificationOn: computeNextVerificationOn(dto.verifiedOn, dto.verificationIntervalYears),
      });
      return toMeterResponse(row);
    });
  }
}
