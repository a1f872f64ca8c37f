import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from 'src/common/errors/domain-error';
import { isUniqueViolation } from 'src/common/errors/pg-errors';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { toFixedString } from 'src/shared/money';
import { addYears, isCalendarDate, readingPeriod, todayIn } from 'src/shared/period';
import { AssessedReading, evaluateReading } from './domain/reading.rules';
import { ReadingHistory, StoredReading, volumeOf } from './domain/reading-history';
import { parseReadingValues, READING_SCALE } from './domain/reading-values.rules';
import {
  ReadingChannel,
  ReadingListResponseDto,
  ReadingsQuery,
  ReadingSubmissionResponseDto,
  ReadingValueDto,
  SubmitReadingDto,
  toReadingListItem,
  toReadingValue,
} from './dto/readings.dto';
import { ReadingErrorCode, ReadingRefusal, refusalUnder } from './readings.errors';
import { MeterFactsRow, ReadingKind, ReadingsRepository } from './readings.repository';

/** One day's readings of one meter, as submitted (through the API, an import or a replacement). */
export interface ReadingSubmission {
  meterId: string;
  /** Zone → value as received. */
  values: unknown;
  takenOn: string;
  channel: string;
  kind: Exclude<ReadingKind, 'initial'>;
  /** Closing readings at replacement are accepted after the verification expired. */
  allowExpiredVerification?: boolean;
}

export type SubmissionOutcome =
  | { status: 'accepted' | 'unchanged'; result: ReadingSubmissionResponseDto }
  | { status: 'rejected'; refusal: ReadingRefusal };

type Decided = {
  status: 'accepted' | 'unchanged';
  s: ReadingSubmission;
  readings: StoredReading[];
  digits: number;
};
type Draft = Decided | { status: 'rejected'; refusal: ReadingRefusal };

/** Meter readings: every submitted reading goes through `submitBatch` (locks, pure rules, one insert). */
@Injectable()
export class ReadingsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ReadingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** POST /meters/{id}/readings: all zones or nothing, in one transaction. */
  submit(meterId: string, dto: SubmitReadingDto, createdBy: string): Promise<ReadingSubmissionResponseDto> {
    const s: ReadingSubmission = {
      meterId,
      values: dto.values,
      takenOn: dto.takenOn,
      channel: dto.channel,
      kind: 'regular',
    };
    return this.answerWithoutWriting(s, createdBy).then(
      (answer) => answer ?? this.db.transaction((m) => this.submitWithin(m, s, createdBy)),
    );
  }

  /**
   * A submission that stores nothing (the same values again, or refused) is answered from one read
   * without a transaction or lock: its answer is the one of that moment, as if it had come just
   * before any concurrent writer. Null when it would store readings: then it goes through
   * `submitWithin`, which locks the meter and decides again on what is stored by then.
   */
  private async answerWithoutWriting(
    s: ReadingSubmission,
    createdBy: string,
  ): Promise<ReadingSubmissionResponseDto | null> {
    const facts = await this.repo.readFacts(this.db.manager, [s.meterId], this.historySince([s]));
    const history = new ReadingHistory(facts.history);
    const today = todayIn(this.config.billing.timezone);
    const draft = this.decide(s, facts.meters[0], history, today, createdBy);
    if (draft.status === 'rejected') throw draft.refusal;
    return draft.status === 'unchanged' ? toResponse(draft, history) : null;
  }

  /** One submission inside the caller's transaction; a refusal is thrown (its field moved under `fieldPrefix`). */
  async submitWithin(
    m: EntityManager,
    s: ReadingSubmission,
    createdBy: string,
    fieldPrefix?: string,
  ): Promise<ReadingSubmissionResponseDto> {
    const [outcome] = await this.submitBatch(m, [s], createdBy);
    if (outcome.status === 'rejected')
      throw fieldPrefix ? refusalUnder(outcome.refusal, fieldPrefix) : outcome.refusal;
    return outcome.result;
  }

  /**
   * Decides and stores submissions inside the caller's transaction: locks their meters FOR UPDATE
   * (concurrent submissions for a meter queue up, so the second one sees the first one's rows), loads
   * their history once, applies the pure rules to each in turn (later ones see earlier accepted ones)
   * and inserts every accepted row in one statement. Refusals are returned, not thrown, and nothing
   * of a refused submission is stored.
   */
  async submitBatch(
    m: EntityManager,
    submissions: ReadingSubmission[],
    createdBy: string,
  ): Promise<SubmissionOutcome[]> {
    const locked = await this.repo.lockMeters(m, [...new Set(submissions.map((s) => s.meterId))]);
    const meters = new Map(locked.map((r) => [r.id, r]));
    const history = await this.loadHistory(m, [...meters.keys()], submissions);
    const today = todayIn(this.config.billing.timezone);
    const drafts = submissions.map((s) => this.decide(s, meters.get(s.meterId), history, today, createdBy));
    await this.insertAccepted(m, drafts);
    return drafts.map((d) =>
      d.status === 'rejected' ? d : { status: d.status, result: toResponse(d, history) },
    );
  }

  private async loadHistory(
    m: EntityManager,
    meterIds: string[],
    submissions: ReadingSubmission[],
  ): Promise<ReadingHistory<StoredReading>> {
    if (!meterIds.length) return new ReadingHistory<StoredReading>();
    return new ReadingHistory(await this.repo.loadHistory(m, meterIds, this.historySince(submissions)));
  }

  /** History is loaded from a year before the earliest submitted day. */
  private historySince(submissions: ReadingSubmission[]): string {
    const dates = submissions.map((s) => s.takenOn).filter((d) => isCalendarDate(d) && d >= '1901-01-01');
    const earliest = dates.reduce((a, b) => (b < a ? b : a), todayIn(this.config.billing.timezone));
    return addYears(earliest, -1);
  }

  private decide(
    s: ReadingSubmission,
    meter: MeterFactsRow | undefined,
    history: ReadingHistory<StoredReading>,
    today: string,
    createdBy: string,
  ): Draft {
    if (!meter) return { status: 'rejected', refusal: new NotFoundError('meter', s.meterId) };
    const { billing } = this.config;
    const evaluation = evaluateReading({
      meter: {
        status: meter.status,
        zones: meter.zones,
        digits: meter.digits,
        installedOn: meter.installed_on,
        nextVerificationOn: meter.next_verification_on,
      },
      values: s.values,
      takenOn: s.takenOn,
      today,
      history: history.of(s.meterId),
      suspectFactor: billing.suspectFactor,
      cutoffDay: billing.readingCutoffDay,
      allowExpiredVerification: s.allowExpiredVerification,
    });
    if (evaluation.outcome === 'refused') return { status: 'rejected', refusal: evaluation.refusal };
    if (evaluation.outcome === 'unchanged') {
      return {
        status: 'unchanged',
        s,
        readings: storedOn(history, s.meterId, s.takenOn),
        digits: meter.digits,
      };
    }
    const readings = evaluation.readings.map((r) => newReading(s, r, evaluation.period, createdBy));
    for (const r of readings) history.add(s.meterId, r.zone, r);
    return { status: 'accepted', s, readings, digits: meter.digits };
  }

  private async insertAccepted(m: EntityManager, drafts: Draft[]): Promise<void> {
    const fresh = drafts.flatMap((d) => (d.status === 'accepted' ? d.readings : []));
    let inserted: StoredReading[];
    try {
      inserted = await this.repo.insertReadings(m, fresh);
    } catch (e) {
      // Cannot happen while every writer locks the meter first; a clear answer should one not.
      if (isUniqueViolation(e, 'uq_meter_readings__meter_zone_date')) {
        throw new ConflictError(
          ReadingErrorCode.Conflict,
          'A reading for this meter, zone and day was stored concurrently',
        );
      }
      throw e;
    }
    const byKey = new Map(inserted.map((r) => [keyOf(r), r]));
    for (const r of fresh) {
      const row = byKey.get(keyOf(r));
      if (row) Object.assign(r, { id: row.id, createdAt: row.createdAt });
    }
  }

  /**
   * Initial readings of a newly installed meter (kind 'initial', taken on the installation day,
   * channel specialist): the zone and value rules apply; there is no history to compare with.
   */
  async recordInitial(
    m: EntityManager,
    meter: { id: string; zones: number; digits: number; installedOn: string },
    values: unknown,
    createdBy: string,
    field: string,
  ): Promise<ReadingValueDto[]> {
    const parsed = parseReadingValues({ values, zones: meter.zones, digits: meter.digits, field });
    if (!parsed.ok) throw parsed.refusal;
    const period = `${readingPeriod(meter.installedOn, this.config.billing.readingCutoffDay)}-01`;
    const rows = [...parsed.values].map(([zone, value]) => ({
      meterId: meter.id,
      zone,
      value: toFixedString(value, READING_SCALE),
      takenOn: meter.installedOn,
      period,
      kind: 'initial' as const,
      channel: ReadingChannel.Specialist,
      rollover: false,
      suspect: false,
      suspectReason: null,
      createdBy,
    }));
    return (await this.repo.insertReadings(m, rows)).map((r) => toReadingValue(r, null));
  }

  /** Latest day the meter has a reading for (a meter cannot be decommissioned before it). */
  lastReadingOn(m: EntityManager, meterId: string): Promise<string | null> {
    return this.repo.lastReadingOn(m, meterId);
  }

  /** GET /meters/{id}/readings: readings in [from, to] with their volumes. */
  async list(meterId: string, q: ReadingsQuery): Promise<ReadingListResponseDto> {
    const meter = await this.repo.findMeter(this.db.manager, meterId);
    if (!meter) throw new NotFoundError('meter', meterId);
    const rows = await this.repo.listWithPrevious(this.db.manager, meterId, q.from ?? null, q.to ?? null);
    const history = new ReadingHistory(rows);
    const items = rows
      .filter((r) => !q.from || r.takenOn >= q.from)
      .map((r) => toReadingListItem(r, volumeOf(history, r, meter.digits)));
    return { meterId, items };
  }
}

const keyOf = (r: StoredReading): string => `${r.meterId}|${r.zone}|${r.takenOn}`;

function storedOn(history: ReadingHistory<StoredReading>, meterId: string, takenOn: string): StoredReading[] {
  return Object.values(history.of(meterId))
    .map((list) => list?.find((r) => r.takenOn === takenOn))
    .filter((r): r is StoredReading => !!r)
    .sort((a, b) => a.zone.localeCompare(b.zone));
}

function newReading(
  s: ReadingSubmission,
  r: AssessedReading,
  period: string,
  createdBy: string,
): StoredReading {
  return {
    id: '',
    meterId: s.meterId,
    zone: r.zone,
    value: r.value,
    takenOn: s.takenOn,
    period: `${period}-01`,
    kind: s.kind,
    channel: s.channel,
    rollover: r.rollover,
    suspect: r.suspect,
    suspectReason: r.suspectReason,
    createdBy,
    createdAt: null,
  };
}

function toResponse(d: Decided, history: ReadingHistory<StoredReading>): ReadingSubmissionResponseDto {
  const first = d.readings[0];
  return {
    meterId: d.s.meterId,
    takenOn: d.s.takenOn,
    period: first.period.slice(0, 7),
    channel: first.channel,
    created: d.status === 'accepted',
    readings: d.readings.map((r) => toReadingValue(r, volumeOf(history, r, d.digits))),
  };
}
