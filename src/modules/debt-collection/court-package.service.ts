import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { AllocationService } from 'src/modules/payments/allocation.service';
import { principalOwed } from 'src/modules/payments/domain/ledger-cell';
import { PenaltyStatementService } from 'src/modules/penalties/statement/penalty-statement.service';
import { dec, groupedMoney, moneyString, sum } from 'src/shared/money';
import { heading, keyValues, renderPdf, signatures, table } from 'src/shared/pdf';
import { courtFee } from './domain/court-fee';
import { isTimeBarred, limitationEnds } from './domain/limitation';
import { CourtPackageResponseDto, DebtLineDto } from './dto/debt-collection.dto';
import { DebtCollectionRepository } from './debt-collection.repository';
import { DebtErrorCode as E, debtError } from './debt-collection.errors';
import { DebtRulesService } from './debt-rules.service';

/**
 * The court package for a court order (судебный приказ, ГПК 121–124): debt by period and service
 * from the ledger (time-barred periods flagged and left out), the penalty of the penalty statement,
 * the parties, and the court fee by the scale in force on the filing date.
 */
@Injectable()
export class CourtPackageService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DebtCollectionRepository,
    private readonly rules: DebtRulesService,
    private readonly allocation: AllocationService,
    private readonly penalties: PenaltyStatementService,
    private readonly audit: AuditService,
  ) {}

  /** Builds the package; refuses a claim above the court-order limit. Does not audit. */
  async build(
    m: EntityManager,
    caseId: string,
    accountId: string,
    filedOn: string,
    by: Principal,
  ): Promise<CourtPackageResponseDto> {
    const params = await this.rules.parametersOn(m, filedOn);
    const party = await this.repo.party(m, accountId);
    if (!party) throw debtError(E.AccountNotFound, `account ${accountId} not found`, { id: accountId });
    const cells = ((await this.allocation.cellsOf(m, [accountId])).get(accountId) ?? [])
      .filter((c) => c.serviceCode !== null && `${c.period}-01` <= filedOn)
      .sort((a, b) => a.period.localeCompare(b.period) || a.sortOrder - b.sortOrder);
    const lines: DebtLineDto[] = cells
      .map((c) => ({
        period: c.period,
        serviceCode: c.serviceCode!,
        charged: c.charged,
        recalculated: c.recalculated,
        imported: c.importedPrincipal,
        paid: c.paidPrincipal,
        owed: principalOwed(c),
        limitationEnds: limitationEnds(c.period, params.chargeDueDay, params.limitationYears),
        timeBarred: isTimeBarred(c.period, filedOn, params.chargeDueDay, params.limitationYears),
      }))
      .filter((l) => dec(l.owed).gt(0));
    const principal = sum(lines.filter((l) => !l.timeBarred).map((l) => dec(l.owed)));
    const barred = sum(lines.filter((l) => l.timeBarred).map((l) => dec(l.owed)));
    const statement = await this.penalties.statement(accountId, { asOf: filedOn }, by);
    const barredPeriods = new Set(
      statement.rows
        .map((r) => r.period)
        .filter((p) => isTimeBarred(p, filedOn, params.chargeDueDay, params.limitationYears)),
    );
    const accrued = sum(statement.rows.filter((r) => !barredPeriods.has(r.period)).map((r) => dec(r.amount)));
    // Penalty migrated from the previous system and penalty already paid, on the claimed periods.
    const claimed = cells.filter(
      (c) => !isTimeBarred(c.period, filedOn, params.chargeDueDay, params.limitationYears),
    );
    const penaltyImported = sum(claimed.map((c) => dec(c.importedPenalty)));
    const penaltyPaid = sum(claimed.map((c) => dec(c.paidPenalty)));
    const penalty = accrued.plus(penaltyImported).minus(penaltyPaid);
    const claim = principal.plus(penalty);
    if (claim.lte(0)) throw debtError(E.NothingToClaim, 'nothing to claim within the limitation', { caseId });
    if (claim.gt(params.courtOrderLimit)) {
      throw debtError(
        E.ClaimExceedsLimit,
        `claim ${moneyString(claim)} exceeds the court-order limit ${params.courtOrderLimit}`,
        {
          claim: moneyString(claim),
          limit: params.courtOrderLimit,
        },
      );
    }
    const brackets = await this.rules.feeBracketsOn(m, filedOn);
    const fee = courtFee(brackets, moneyString(claim));
    if (!fee)
      throw debtError(E.NoFeeScale, `no court fee bracket for ${moneyString(claim)} on ${filedOn}`, {
        filedOn,
      });
    return {
      caseId,
      filedOn,
      parties: {
        accountNumber: party.accountNumber,
        holderName: party.holderName,
        address: party.address,
        creditorName: party.creditorName,
        creditorInn: party.creditorInn,
      },
      debtLines: lines,
      principal: moneyString(principal),
      timeBarredPrincipal: moneyString(barred),
      penaltyAccrued: moneyString(accrued),
      penaltyImported: moneyString(penaltyImported),
      penaltyPaid: moneyString(penaltyPaid),
      penalty: moneyString(penalty),
      penaltyStatementTotal: statement.total,
      claim: moneyString(claim),
      courtOrderLimit: params.courtOrderLimit,
      courtFee: {
        scale: (fee.bracket as { scaleCode?: string }).scaleCode ?? '',
        claimFee: fee.claimFee,
        orderFee: fee.orderFee,
        formula: fee.formula,
      },
    };
  }

  /** The package of a case as an export of personal data (audited). */
  async package(
    caseId: string,
    filedOn: string,
    format: 'json' | 'pdf',
    by: Principal,
  ): Promise<CourtPackageResponseDto> {
    const m = this.db.manager;
    const c = await this.repo.findCase(m, caseId);
    if (!c) throw debtError(E.CaseNotFound, `debt case ${caseId} not found`, { id: caseId });
    const p = await this.build(m, caseId, c.accountId, filedOn, by);
    await this.audit.record({
      actor: by,
      action: 'GET /api/v1/debt-cases/:id/court-package',
      entity: 'debt_cases',
      entityId: caseId,
      details: { accountId: c.accountId, filedOn, format, claim: p.claim, fee: p.courtFee.orderFee },
    });
    return p;
  }

  pdf(p: CourtPackageResponseDto): Promise<Buffer> {
    return renderPdf(
      {
        title: `Заявление о вынесении судебного приказа, дело ${p.caseId}`,
        createdAt: new Date(`${p.filedOn}T00:00:00Z`),
      },
      (doc) => {
        heading(doc, 'Заявление о вынесении судебного приказа');
        keyValues(doc, [
          ['Взыскатель', `${p.parties.creditorName}, ИНН ${p.parties.creditorInn}`],
          ['Должник', p.parties.holderName],
          ['Адрес помещения', p.parties.address],
          ['Лицевой счёт', p.parties.accountNumber],
          ['Дата подачи', p.filedOn],
        ]);
        heading(doc, 'Расчёт задолженности по периодам и услугам', 10);
        table(
          doc,
          [
            { header: 'Период', width: 1 },
            { header: 'Услуга', width: 1.4 },
            { header: 'Начислено', width: 1, align: 'right' },
            { header: 'Перерасчёт', width: 1, align: 'right' },
            { header: 'Оплачено', width: 1, align: 'right' },
            { header: 'Долг', width: 1, align: 'right' },
            { header: 'Давность', width: 1.2 },
          ],
          p.debtLines.map((l) => [
            l.period,
            l.serviceCode,
            groupedMoney(dec(l.charged).plus(l.imported)),
            groupedMoney(dec(l.recalculated)),
            groupedMoney(dec(l.paid)),
            groupedMoney(dec(l.owed)),
            l.timeBarred ? `истекла ${l.limitationEnds}` : `до ${l.limitationEnds}`,
          ]),
        );
        keyValues(doc, [
          ['Основной долг в пределах давности', groupedMoney(dec(p.principal))],
          ['Долг за пределами давности (не заявлен)', groupedMoney(dec(p.timeBarredPrincipal))],
          ['Пени по расчёту (ЖК РФ ст. 155 ч. 14)', groupedMoney(dec(p.penaltyAccrued))],
          ['Пени, перенесённые из прежней системы', groupedMoney(dec(p.penaltyImported))],
          ['Пени оплачено', groupedMoney(dec(p.penaltyPaid))],
          ['Пени к взысканию', groupedMoney(dec(p.penalty))],
          ['Цена требования', groupedMoney(dec(p.claim))],
          ['Госпошлина за судебный приказ', groupedMoney(dec(p.courtFee.orderFee))],
          ['Расчёт госпошлины', p.courtFee.formula],
        ]);
        signatures(doc, ['Представитель взыскателя']);
      },
    );
  }
}
