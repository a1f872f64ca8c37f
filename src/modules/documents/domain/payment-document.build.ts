import { DomainError } from 'src/common/errors/domain-error';
import { canonical, dec, Dec, moneyString, sum, ZERO } from 'src/shared/money';
import { buildPaymentQr } from '../qr/payment-qr.build';
import { AccountDocumentInputs, ChargeLineInput, RecalculationInput } from './payment-document.inputs';
import {
  NormRow,
  PayeeDetails,
  PayeeSection,
  PaymentDocumentContent,
  ServiceRow,
} from './payment-document.types';

export interface BuildPaymentDocumentParams {
  inputs: AccountDocumentInputs;
  period: string;
  dueDate: string;
  notice: string;
  /** Null for a preview. */
  number: string | null;
  issuedOn: string | null;
  supersedes: PaymentDocumentContent['supersedes'];
}

/**
 * Assembles the content of a payment document (decree 354 para 69; Minstroy order 43/пр): one row per
 * service (individual and common-property apart) with volume, tariff, charge, the coefficient's extra
 * and recalculations; the balance (opening debt or advance, payments of the period, the penalty as a
 * separate line, total due and due date) and one section per payee with its GOST R 56042 QR code.
 * Totals are sums of the rounded lines. The executor's section carries the debt or advance, the
 * payments and the penalty; another supplier's section carries the period's charges of its services.
 */
export function buildPaymentDocument(p: BuildPaymentDocumentParams): PaymentDocumentContent {
  const i = p.inputs;
  const payeeOf = (code: string): PayeeDetails => i.suppliers[code] ?? i.executor;
  const services = serviceRows(i.charges, i.recalculations, payeeOf);
  const charged = sum(services.map((s) => dec(s.chargedBase)));
  const extra = sum(services.map((s) => dec(s.coefficientAmount)));
  const recalculated = sum(services.map((s) => dec(s.recalculated)));
  const paid = sum(i.payments.map((x) => dec(x.amount)));
  const opening = dec(i.openingDebt).plus(i.importedInPeriod);
  const totalDue = opening.plus(charged).plus(extra).plus(recalculated).plus(i.penalty).minus(paid);
  const payer = {
    name: i.holderName,
    address: `${i.buildingAddress}, кв. ${i.premisesNumber}`,
    premisesNumber: i.premisesNumber,
    area: i.area,
    residents: i.residents,
  };
  return {
    formVersion: 1,
    number: p.number,
    issuedOn: p.issuedOn,
    period: p.period,
    supersedes: p.supersedes,
    account: { id: i.accountId, number: i.accountNumber },
    payer,
    executor: i.executor,
    services,
    recalculations: i.recalculations.map((r) => ({
      number: r.number,
      serviceCode: r.serviceCode,
      serviceName: r.serviceName,
      correctedPeriod: r.correctedPeriod,
      reason: r.reason,
      amount: r.amount,
    })),
    payments: i.payments,
    balance: {
      openingDebt: moneyString(opening),
      charged: moneyString(charged),
      coefficientAmount: moneyString(extra),
      recalculated: moneyString(recalculated),
      penalty: moneyString(dec(i.penalty)),
      paid: moneyString(paid),
      totalDue: moneyString(totalDue),
      dueDate: p.dueDate,
    },
    payees: payeeSections({ p, services, totalDue, payer }),
    meters: i.meters,
    norms: normRows(i.charges),
    notice: p.notice,
  };
}

function serviceRows(
  charges: ChargeLineInput[],
  recalcs: RecalculationInput[],
  payeeOf: (code: string) => PayeeDetails,
): ServiceRow[] {
  const byCode = new Map<string, { meta: RecalculationInput | ChargeLineInput; lines: ChargeLineInput[] }>();
  for (const c of charges) {
    const g = byCode.get(c.serviceCode) ?? { meta: c, lines: [] };
    g.lines.push(c);
    byCode.set(c.serviceCode, g);
  }
  for (const r of recalcs) if (!byCode.has(r.serviceCode)) byCode.set(r.serviceCode, { meta: r, lines: [] });
  return [...byCode.values()]
    .sort(
      (a, b) => a.meta.sortOrder - b.meta.sortOrder || a.meta.serviceCode.localeCompare(b.meta.serviceCode),
    )
    .map(({ meta, lines }) => {
      const amount = sum(lines.map((l) => dec(l.amount)));
      const coefficientAmount = sum(lines.map((l) => dec(l.coefficientAmount)));
      const recalculated = sum(
        recalcs.filter((r) => r.serviceCode === meta.serviceCode).map((r) => dec(r.amount)),
      );
      const coefficients = distinct(lines.map((l) => l.coefficient).filter((k): k is string => k !== null));
      return {
        serviceCode: meta.serviceCode,
        name: meta.serviceName,
        unit: meta.unit,
        kind: meta.calculation === 'common' ? 'common' : 'individual',
        payeeId: payeeOf(meta.serviceCode).organisationId,
        methods: distinct(lines.map((l) => l.method)),
        volume: canonicalVolume(sum(lines.map((l) => dec(l.volume)))),
        tariff: distinct(lines.map((l) => canonical(dec(l.tariff)))).join('; '),
        chargedBase: moneyString(amount.minus(coefficientAmount)),
        coefficient: coefficients.length ? coefficients.map((k) => canonical(dec(k))).join('; ') : null,
        coefficientAmount: moneyString(coefficientAmount),
        recalculated: moneyString(recalculated),
        total: moneyString(amount.plus(recalculated)),
      } satisfies ServiceRow;
    });
}

function payeeSections(a: {
  p: BuildPaymentDocumentParams;
  services: ServiceRow[];
  totalDue: Dec;
  payer: PaymentDocumentContent['payer'];
}): PayeeSection[] {
  const i = a.p.inputs;
  const payees = new Map<string, PayeeDetails>([[i.executor.organisationId, i.executor]]);
  for (const s of a.services) {
    if (!payees.has(s.payeeId)) payees.set(s.payeeId, i.suppliers[s.serviceCode]);
  }
  const chargedOf = (id: string) => sum(a.services.filter((s) => s.payeeId === id).map((s) => dec(s.total)));
  const others = [...payees.keys()].filter((id) => id !== i.executor.organisationId);
  const executorToPay = a.totalDue.minus(sum(others.map(chargedOf)));
  return [...payees.values()].map((payee) => {
    const toPay =
      payee.organisationId === i.executor.organisationId ? executorToPay : chargedOf(payee.organisationId);
    const { qr, qrError } = qrOf(a.p, payee, toPay, a.payer);
    return {
      payee,
      serviceCodes: a.services.filter((s) => s.payeeId === payee.organisationId).map((s) => s.serviceCode),
      charged: moneyString(chargedOf(payee.organisationId)),
      toPay: moneyString(toPay),
      qr,
      qrError,
    };
  });
}

/** The payee's QR code; nothing to pay (≤ 0) leaves Sum out so the payer enters an amount. */
function qrOf(
  p: BuildPaymentDocumentParams,
  payee: PayeeDetails,
  toPay: Dec,
  payer: PaymentDocumentContent['payer'],
): { qr: string | null; qrError: string | null } {
  const [mm, yyyy] = [p.period.slice(5, 7), p.period.slice(0, 4)];
  const purpose = `ЖКУ за ${mm}.${yyyy}${p.number ? `, ЕПД № ${p.number}` : ''}, л/с ${p.inputs.accountNumber}`;
  try {
    const qr = buildPaymentQr({
      name: payee.name,
      personalAcc: payee.settlementAccount,
      bankName: payee.bankName,
      bic: payee.bic,
      correspAcc: payee.correspondentAccount,
      payeeInn: payee.inn,
      kpp: payee.kpp,
      sum: toPay.greaterThan(ZERO) ? moneyString(toPay) : null,
      persAcc: p.inputs.accountNumber,
      paymPeriod: p.period,
      purpose: purpose.slice(0, 160),
      lastName: payer.name.split(/\s+/)[0] || null,
      payerAddress: payer.address.slice(0, 200),
      techCode: '02',
    });
    return { qr, qrError: null };
  } catch (e) {
    if (e instanceof DomainError) return { qr: null, qrError: `${e.code}: ${e.message}` };
    throw e;
  }
}

/** Norms the charges used (from each line's basis: norm value and per-person / per-m² basis). */
function normRows(charges: ChargeLineInput[]): NormRow[] {
  const rows = new Map<string, NormRow>();
  for (const c of charges) {
    const norm = c.basis.norm;
    const basis = c.basis.normBasis;
    if (typeof norm !== 'string' || typeof basis !== 'string') continue;
    const row = {
      serviceCode: c.serviceCode,
      serviceName: c.serviceName,
      value: canonical(dec(norm)),
      basis,
      unit: c.unit,
    };
    rows.set(`${c.serviceCode}|${row.value}|${basis}`, row);
  }
  return [...rows.values()];
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

function canonicalVolume(v: Dec): string {
  return v.toFixed(Math.max(3, v.decimalPlaces()));
}
