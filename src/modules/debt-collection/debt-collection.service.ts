import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { dec, groupedMoney, moneyString, sum } from 'src/shared/money';
import { heading, keyValues, renderPdf, signatures, table } from 'src/shared/pdf';
import { canTransition, CaseStatus } from './domain/case-lifecycle';
import { earliestRestrictionDate, forbiddenBy, restrictionTrigger } from './domain/restriction';
import {
  CaseResponseDto,
  CreateCaseDto,
  CreateSelectionDto,
  NoticeDeliveryDto,
  SelectionResponseDto,
  TransitionDto,
} from './dto/debt-collection.dto';
import { CourtPackageService } from './court-package.service';
import { DebtCollectionRepository } from './debt-collection.repository';
import { DebtErrorCode as E, debtError } from './debt-collection.errors';
import { DebtRulesService } from './debt-rules.service';

const CHANNEL_RU: Record<string, string> = {
  by_hand: 'вручено под подпись',
  registered_mail: 'заказное письмо с уведомлением',
  payment_document: 'в платёжном документе',
  email: 'электронная почта',
  sms: 'SMS',
};

/** Debtor selections and debt cases (notice → restriction → court order → enforcement → closed). */
@Injectable()
export class DebtCollectionService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DebtCollectionRepository,
    private readonly rules: DebtRulesService,
    private readonly court: CourtPackageService,
    private readonly audit: AuditService,
  ) {}

  async createSelection(dto: CreateSelectionDto, by: Principal): Promise<SelectionResponseDto> {
    const id = await this.db.transaction(async (m) => {
      const criteria = await this.repo.criteriaOn(m, dto.setCode, dto.asOf);
      if (criteria.length === 0) {
        throw debtError(E.NoCriteria, `no criteria of set ${dto.setCode} in force on ${dto.asOf}`, {
          setCode: dto.setCode,
        });
      }
      const s = await this.repo.createSelection(m, {
        setCode: dto.setCode,
        asOf: dto.asOf,
        criteria,
        by: by.name,
      });
      await this.audit.record(
        { actor: by, action: 'create', entity: 'debt_selections', entityId: s.id, details: { ...dto, ...s } },
        m,
      );
      return s.id;
    });
    return this.selection(id);
  }

  async selection(id: string): Promise<SelectionResponseDto> {
    const m = this.db.manager;
    const s = await this.repo.selection(m, id);
    if (!s) throw debtError(E.SelectionNotFound, `debt selection ${id} not found`, { id });
    return { ...s, items: await this.repo.selectionItems(m, id) };
  }

  async openCase(dto: CreateCaseDto, by: Principal): Promise<CaseResponseDto> {
    const id = await this.db.transaction(async (m) => {
      if (!(await this.repo.lockAccount(m, dto.accountId))) {
        throw debtError(E.AccountNotFound, `account ${dto.accountId} not found`, { id: dto.accountId });
      }
      if (dto.selectionId && !(await this.repo.selection(m, dto.selectionId))) {
        throw debtError(E.SelectionNotFound, `debt selection ${dto.selectionId} not found`, {
          id: dto.selectionId,
        });
      }
      const open = await this.repo.openCaseOf(m, dto.accountId);
      if (open)
        throw debtError(E.CaseAlreadyOpen, `account ${dto.accountId} has open case ${open}`, {
          caseId: open,
        });
      const debt = sum(
        [...(await this.repo.debtByService(m, dto.accountId, dto.openedOn)).values()].map((v) => dec(v)),
      );
      if (debt.lte(0)) throw debtError(E.NoDebt, `account ${dto.accountId} owes nothing on ${dto.openedOn}`);
      const caseId = await this.repo.insertCase(m, {
        accountId: dto.accountId,
        selectionId: dto.selectionId ?? null,
        openedOn: dto.openedOn,
        debt: moneyString(debt),
        by: by.name,
      });
      await this.repo.insertEvent(m, {
        caseId,
        from: null,
        to: CaseStatus.Notice,
        onDate: dto.openedOn,
        reason: dto.reason,
        actor: by.name,
        basis: { debt: moneyString(debt) },
      });
      await this.audit.record(
        {
          actor: by,
          action: 'open',
          entity: 'debt_cases',
          entityId: caseId,
          reason: dto.reason,
          details: { ...dto },
        },
        m,
      );
      return caseId;
    });
    return this.getCase(id);
  }

  async getCase(id: string, m: EntityManager = this.db.manager): Promise<CaseResponseDto> {
    const c = await this.repo.findCase(m, id);
    if (!c) throw debtError(E.CaseNotFound, `debt case ${id} not found`, { id });
    return { ...c, events: await this.repo.events(m, id) };
  }

  /** Records how and when the notice was delivered; the earliest restriction date follows. */
  async recordDelivery(id: string, dto: NoticeDeliveryDto, by: Principal): Promise<CaseResponseDto> {
    await this.db.transaction(async (m) => {
      const c = await this.repo.findCase(m, id, true);
      if (!c) throw debtError(E.CaseNotFound, `debt case ${id} not found`, { id });
      if (c.noticeDeliveredOn) {
        throw debtError(E.NoticeAlreadyDelivered, `notice of case ${id} delivered on ${c.noticeDeliveredOn}`);
      }
      if (dto.deliveredOn < c.openedOn) {
        throw debtError(
          E.DeliveryBeforeOpening,
          `delivery ${dto.deliveredOn} is before the notice ${c.openedOn}`,
        );
      }
      const params = await this.rules.parametersOn(m, dto.deliveredOn);
      const earliest = earliestRestrictionDate(dto.deliveredOn, params.noticeToRestrictionDays);
      await this.repo.updateCase(m, id, {
        notice_channel: dto.channel,
        notice_delivered_on: dto.deliveredOn,
        earliest_restriction_on: earliest,
      });
      await this.audit.record(
        {
          actor: by,
          action: 'notice_delivered',
          entity: 'debt_cases',
          entityId: id,
          reason: dto.reason,
          details: { ...dto, earliestRestrictionOn: earliest, days: params.noticeToRestrictionDays },
        },
        m,
      );
    });
    return this.getCase(id);
  }

  async transition(id: string, dto: TransitionDto, by: Principal): Promise<CaseResponseDto> {
    await this.db.transaction(async (m) => {
      const c = await this.repo.findCase(m, id, true);
      if (!c) throw debtError(E.CaseNotFound, `debt case ${id} not found`, { id });
      const from = c.status as CaseStatus;
      if (!canTransition(from, dto.to)) {
        throw debtError(E.TransitionInvalid, `a case in ${from} cannot go to ${dto.to}`, {
          from,
          to: dto.to,
        });
      }
      const events = await this.repo.events(m, id);
      const last = events[events.length - 1];
      if (last && dto.onDate < last.onDate) {
        throw debtError(E.DateBeforeLast, `${dto.onDate} is before the last event ${last.onDate}`, {
          last: last.onDate,
        });
      }
      let basis: Record<string, unknown> = {};
      const set: Record<string, unknown> = { status: dto.to };
      if (dto.to === CaseStatus.RestrictionAllowed) {
        basis = await this.checkRestriction(m, c, dto);
        set.restricted_service = dto.serviceCode;
      }
      if (dto.to === CaseStatus.ClaimFiled) {
        const p = await this.court.build(m, id, c.accountId, dto.onDate, by);
        basis = {
          principal: p.principal,
          penalty: p.penalty,
          claim: p.claim,
          timeBarredPrincipal: p.timeBarredPrincipal,
          courtFee: p.courtFee,
          limit: p.courtOrderLimit,
        };
        Object.assign(set, {
          claim_filed_on: dto.onDate,
          claim_amount: p.claim,
          court_fee: p.courtFee.orderFee,
        });
      }
      await this.repo.updateCase(m, id, set);
      await this.repo.insertEvent(m, {
        caseId: id,
        from,
        to: dto.to,
        onDate: dto.onDate,
        reason: dto.reason,
        actor: by.name,
        basis,
      });
      await this.audit.record(
        {
          actor: by,
          action: `transition:${dto.to}`,
          entity: 'debt_cases',
          entityId: id,
          reason: dto.reason,
          details: { from, ...dto, basis },
        },
        m,
      );
    });
    return this.getCase(id);
  }

  private async checkRestriction(
    m: EntityManager,
    c: Omit<CaseResponseDto, 'events'>,
    dto: TransitionDto,
  ): Promise<Record<string, unknown>> {
    if (!dto.serviceCode)
      throw debtError(E.ServiceRequired, 'serviceCode is required to allow a restriction', {
        field: 'serviceCode',
      });
    if (!c.noticeDeliveredOn || !c.earliestRestrictionOn) {
      throw debtError(E.NoticeNotDelivered, 'the notice has not been delivered');
    }
    if (dto.onDate < c.earliestRestrictionOn) {
      throw debtError(E.RestrictionTooEarly, `restriction not before ${c.earliestRestrictionOn}`, {
        earliestRestrictionOn: c.earliestRestrictionOn,
      });
    }
    // Every building in the register is an apartment block (multi-flat premises register).
    const rule = forbiddenBy(await this.rules.neverRestrictableOn(m, dto.onDate), dto.serviceCode, {
      inHeatingSeason: await this.repo.inHeatingSeason(m, dto.onDate),
      apartmentBlock: true,
    });
    if (rule) {
      throw debtError(E.NotRestrictable, `${dto.serviceCode} may not be restricted (${rule.condition})`, {
        ...rule,
      });
    }
    const params = await this.rules.parametersOn(m, dto.onDate);
    const norm = await this.repo.normMonthlyCharge(m, c.accountId, dto.serviceCode, dto.onDate);
    if (!norm)
      throw debtError(E.NormChargeUnknown, `no norm or tariff for ${dto.serviceCode} on ${dto.onDate}`);
    const monthly = moneyString(dec(norm.norm).mul(norm.quantity).mul(norm.tariff));
    const debt = (await this.repo.debtByService(m, c.accountId, dto.onDate)).get(dto.serviceCode) ?? '0.00';
    const check = restrictionTrigger(debt, monthly, params.restrictionNormMonths);
    const basis = {
      serviceCode: dto.serviceCode,
      debt,
      normMonthlyCharge: monthly,
      normFormula: `${norm.norm} (${norm.basis}) × ${norm.quantity} × ${norm.tariff}`,
      ...check,
    };
    if (!check.triggered)
      throw debtError(E.RestrictionNotTriggered, `debt ${debt} does not exceed ${check.threshold}`, basis);
    return basis;
  }

  /** The notice (уведомление о задолженности) as a PDF; an audited export of personal data. */
  async noticePdf(id: string, by: Principal): Promise<Buffer> {
    const m = this.db.manager;
    const c = await this.getCase(id, m);
    const party = (await this.repo.party(m, c.accountId))!;
    const params = await this.rules.parametersOn(m, c.openedOn);
    const debts = [...(await this.repo.debtByService(m, c.accountId, c.openedOn)).entries()].filter(([, v]) =>
      dec(v).gt(0),
    );
    await this.audit.record({
      actor: by,
      action: 'GET /api/v1/debt-cases/:id/notice',
      entity: 'debt_cases',
      entityId: id,
      details: { accountId: c.accountId, format: 'pdf' },
    });
    return renderPdf(
      { title: `Уведомление о задолженности, дело ${id}`, createdAt: new Date(`${c.openedOn}T00:00:00Z`) },
      (doc) => {
        heading(doc, 'Уведомление о задолженности');
        keyValues(doc, [
          ['Исполнитель', `${party.creditorName}, ИНН ${party.creditorInn}`],
          ['Потребитель', party.holderName],
          ['Адрес', party.address],
          ['Лицевой счёт', party.accountNumber],
          ['Дата уведомления', c.openedOn],
        ]);
        table(
          doc,
          [
            { header: 'Услуга', width: 2 },
            { header: 'Задолженность, ₽', width: 1, align: 'right' },
          ],
          [
            ...debts.map(([s, v]) => [s, groupedMoney(dec(v))]),
            ['Итого', groupedMoney(sum(debts.map(([, v]) => dec(v))))],
          ],
          { boldRows: new Set([debts.length]) },
        );
        doc.moveDown(0.5);
        doc
          .fontSize(9)
          .text(
            `В случае непогашения задолженности в течение ${params.noticeToRestrictionDays} дней со дня доставки настоящего ` +
              'уведомления предоставление коммунальной услуги может быть приостановлено или ограничено ' +
              '(п. 117–119 Правил, утв. постановлением Правительства РФ № 354).',
          );
        if (c.noticeChannel && c.noticeDeliveredOn) {
          doc.text(
            `Доставлено: ${CHANNEL_RU[c.noticeChannel]}, ${c.noticeDeliveredOn}; ограничение не ранее ${c.earliestRestrictionOn}.`,
          );
        }
        signatures(doc, ['Исполнитель']);
      },
    );
  }
}
