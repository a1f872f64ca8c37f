import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { DomainError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { PenaltyRulesService } from 'src/modules/penalties/rules/penalty-rules.service';
import { todayIn } from 'src/shared/period';
import { handlesAppeals, toAppealResponse } from './appeal-access';
import { AppealErrorCode as E, appealError } from './appeals.errors';
import { AppealFilter, AppealRow, AppealsRepository } from './appeals.repository';
import { CorrespondenceService } from './correspondence.service';
import { AppealAction, checkTransition } from './domain/appeal.state';
import { AppealStatus, WRITTEN_CHANNELS } from './domain/appeal.types';
import { computeDeadline, extendDeadline, pickDeadlineRule } from './domain/deadline.calc';
import {
  AnswerAppealDto,
  AppealDetailResponseDto,
  AppealQuery,
  AppealResponseDto,
  AppealStepDto,
  AssignAppealDto,
  CreateAppealDto,
  ExtendAppealDto,
  LinkAppealDto,
} from './dto/appeal.dto';

/**
 * Citizens' appeals: registration with the deadline from the rules table and the production
 * calendar, the workflow registered → assigned → answered → closed (each step dated, recorded as an
 * event and audited by the global interceptor), links to what the appeal caused, the overdue list.
 */
@Injectable()
export class AppealsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AppealsRepository,
    private readonly penaltyRules: PenaltyRulesService,
    private readonly letters: CorrespondenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return todayIn(this.config.billing.timezone);
  }

  async register(dto: CreateAppealDto, by: Principal): Promise<AppealDetailResponseDto> {
    const registeredOn = dto.registeredOn ?? this.today();
    if (registeredOn > this.today()) {
      throw appealError(E.DateInFuture, `${registeredOn} has not come yet`, { registeredOn }, 'registeredOn');
    }
    const calendar = (await this.penaltyRules.loadRules()).calendar;
    const id = await this.db.transaction(async (m) => {
      if (dto.accountId && !(await this.repo.accountExists(m, dto.accountId))) {
        throw appealError(
          E.AccountNotFound,
          `account ${dto.accountId} not found`,
          { id: dto.accountId },
          'accountId',
        );
      }
      const rules = await this.repo.deadlineRules(m);
      const rule = pickDeadlineRule({
        rules,
        category: dto.category,
        channel: dto.channel,
        on: registeredOn,
      });
      if (!rule) {
        throw appealError(E.NoDeadlineRule, `No deadline rule for ${dto.category} on ${registeredOn}`, {
          category: dto.category,
          channel: dto.channel,
          registeredOn,
        });
      }
      const deadline = computeDeadline({ rule, channel: dto.channel, registeredOn, calendar });
      const appealId = await this.repo.insertAppeal(m, {
        citizenName: dto.citizenName,
        citizenPhone: dto.citizenPhone ?? null,
        citizenEmail: dto.citizenEmail ?? null,
        citizenAddress: dto.citizenAddress ?? null,
        accountId: dto.accountId ?? null,
        channel: dto.channel,
        category: dto.category,
        text: dto.text,
        attachments: dto.attachments ?? [],
        registeredOn,
        deadlineOn: deadline.deadlineOn,
        deadlineRuleId: deadline.ruleId,
        deadlineBasis: { ruleId: deadline.ruleId, ...deadline.basis },
        createdBy: by.name,
      });
      await this.repo.event(m, {
        appealId,
        from: null,
        to: AppealStatus.Registered,
        on: registeredOn,
        actor: by.name,
      });
      if (WRITTEN_CHANNELS.includes(dto.channel)) {
        await this.letters.register(m, {
          direction: 'incoming',
          letterDate: registeredOn,
          appealId,
          accountId: dto.accountId ?? null,
          citizenName: dto.citizenName,
          subject: `Обращение (${dto.channel}): ${dto.category}`,
          templateId: null,
          pdf: null,
          createdBy: by.name,
        });
      }
      return appealId;
    });
    return this.get(id, by);
  }

  async get(id: string, by: Principal, m: EntityManager = this.db.manager): Promise<AppealDetailResponseDto> {
    const row = await this.load(m, id);
    return { ...toAppealResponse(row, handlesAppeals(by)), events: await this.repo.events(m, id) };
  }

  async list(
    q: AppealQuery & { limit?: number; after?: string },
    by: Principal,
  ): Promise<Page<AppealResponseDto>> {
    if (q.citizen && !handlesAppeals(by)) throw personalDataForbidden();
    const limit = q.limit ?? 100;
    const rows = await this.repo.list(this.db.manager, q, limit, q.after);
    return this.page(rows, limit, by);
  }

  /** Unanswered appeals whose deadline passed before `asOf` (default today). */
  async overdue(asOf: string | undefined, by: Principal): Promise<AppealResponseDto[]> {
    const f: AppealFilter = { overdueAsOf: asOf ?? this.today() };
    const rows = await this.repo.list(this.db.manager, f, 10_000);
    return rows.map((r) => toAppealResponse(r, handlesAppeals(by)));
  }

  assign(id: string, dto: AssignAppealDto, by: Principal): Promise<AppealDetailResponseDto> {
    return this.step(id, 'assign', dto, by, async (m, on) => {
      await this.repo.update(m, id, { assignee: dto.assignee, assigned_on: on });
    });
  }

  /** Renders the answer letter from the template, enters it in the outgoing register, marks the appeal answered. */
  answer(id: string, dto: AnswerAppealDto, by: Principal): Promise<AppealDetailResponseDto> {
    return this.step(id, 'answer', dto, by, async (m, on, appeal) => {
      await this.letters.answerLetter(m, {
        appeal,
        on,
        templateCode: dto.templateCode ?? 'answer',
        answerText: dto.answerText,
        by: by.name,
      });
      await this.repo.update(m, id, { answered_on: on });
    });
  }

  close(id: string, dto: AppealStepDto, by: Principal): Promise<AppealDetailResponseDto> {
    return this.step(id, 'close', dto, by, async (m, on) => {
      await this.repo.update(m, id, { closed_on: on });
    });
  }

  /**
   * Extends the deadline once by the rule's extension days with a reasoned notice dated no later
   * than the deadline (152-FZ art. 14 p. 3, art. 20 p. 1 for personal-data requests).
   */
  async extend(id: string, dto: ExtendAppealDto, by: Principal): Promise<AppealDetailResponseDto> {
    const calendar = (await this.penaltyRules.loadRules()).calendar;
    return this.db.transaction(async (m) => {
      const appeal = await this.load(m, id, true);
      const on = dto.on ?? this.today();
      const rule = (await this.repo.deadlineRules(m)).find((r) => r.id === appeal.deadlineRuleId)!;
      if (rule.extensionDays === 0) {
        throw appealError(E.NotExtendable, `The ${appeal.category} deadline cannot be extended`, {
          id,
          category: appeal.category,
        });
      }
      if (appeal.extendedOn)
        throw appealError(E.AlreadyExtended, 'The deadline was extended already', {
          id,
          extendedOn: appeal.extendedOn,
        });
      const open = appeal.status === AppealStatus.Registered || appeal.status === AppealStatus.Assigned;
      if (!open || on > appeal.deadlineOn || on < (await this.repo.lastEventOn(m, id)) || on > this.today()) {
        throw appealError(
          E.ExtensionTooLate,
          `An extension on ${on} is not possible (deadline ${appeal.deadlineOn}, ${appeal.status})`,
          { id, on, deadlineOn: appeal.deadlineOn },
          'on',
        );
      }
      const ext = extendDeadline({
        deadlineOn: appeal.deadlineOn,
        days: rule.extensionDays,
        dayKind: rule.dayKind,
        calendar,
      });
      const basis = {
        ...appeal.deadlineBasis,
        extension: {
          on,
          reason: dto.reason,
          days: rule.extensionDays,
          previousDeadlineOn: appeal.deadlineOn,
          formula: ext.formula,
        },
      };
      await this.repo.update(m, id, {
        deadline_on: ext.deadlineOn,
        extended_on: on,
        deadline_basis: JSON.stringify(basis),
      });
      await this.repo.event(m, {
        appealId: id,
        from: appeal.status,
        to: appeal.status,
        on,
        actor: by.name,
        note: `deadline extended to ${ext.deadlineOn}: ${dto.reason}`,
      });
      return this.get(id, by, m);
    });
  }

  /** Links the recalculation or reading the appeal caused; it must exist and concern the appeal's account. */
  async link(id: string, dto: LinkAppealDto, by: Principal): Promise<AppealDetailResponseDto> {
    if (!dto.recalculationId && !dto.readingId) {
      throw new DomainError('bad_input', 'APPEAL_LINK_EMPTY', 'Give recalculationId or readingId', {}, [
        { field: 'recalculationId', errors: ['recalculationId or readingId is required'] },
      ]);
    }
    return this.db.transaction(async (m) => {
      const appeal = await this.load(m, id, true);
      const set: Record<string, unknown> = {};
      for (const [kind, target, column] of [
        ['recalculation', dto.recalculationId, 'recalculation_id'],
        ['reading', dto.readingId, 'reading_id'],
      ] as const) {
        if (!target) continue;
        const found = await this.repo.linkTarget(m, kind, target);
        if (!found) {
          throw appealError(E.LinkNotFound, `${kind} ${target} not found`, { kind, id: target }, `${kind}Id`);
        }
        if (appeal.accountId && !found.accountIds.includes(appeal.accountId)) {
          throw appealError(
            E.LinkAccountMismatch,
            `${kind} ${target} does not concern account ${appeal.accountId}`,
            {
              kind,
              id: target,
              accountId: appeal.accountId,
            },
          );
        }
        set[column] = target;
      }
      await this.repo.update(m, id, set);
      return this.get(id, by, m);
    });
  }

  private async step(
    id: string,
    action: AppealAction,
    dto: AppealStepDto,
    by: Principal,
    apply: (m: EntityManager, on: string, appeal: AppealRow) => Promise<void>,
  ): Promise<AppealDetailResponseDto> {
    return this.db.transaction(async (m) => {
      const appeal = await this.load(m, id, true);
      const on = dto.on ?? this.today();
      const check = checkTransition({
        status: appeal.status,
        action,
        on,
        lastOn: await this.repo.lastEventOn(m, id),
        today: this.today(),
      });
      if (!check.ok)
        throw appealError(
          check.code as E,
          check.message,
          { id, status: appeal.status, on },
          check.code === E.TransitionInvalid ? undefined : 'on',
        );
      await apply(m, on, appeal);
      await this.repo.update(m, id, { status: check.to });
      await this.repo.event(m, {
        appealId: id,
        from: appeal.status,
        to: check.to,
        on,
        actor: by.name,
        note: dto.note,
      });
      return this.get(id, by, m);
    });
  }

  private async load(m: EntityManager, id: string, lock = false): Promise<AppealRow> {
    const row = await this.repo.find(m, id, lock);
    if (!row) throw appealError(E.NotFound, `appeal ${id} not found`, { id });
    return row;
  }

  private page(rows: AppealRow[], limit: number, by: Principal): Page<AppealResponseDto> {
    const p = pageOf(rows, limit);
    return { items: p.items.map((r) => toAppealResponse(r, handlesAppeals(by))), nextAfter: p.nextAfter };
  }
}

export function personalDataForbidden(): DomainError {
  return new DomainError(
    'forbidden',
    'PERSONAL_DATA_FORBIDDEN',
    'Searching by a citizen needs a role that handles appeals',
  );
}
