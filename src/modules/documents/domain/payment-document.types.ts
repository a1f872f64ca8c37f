/**
 * The frozen content of a payment document (ЕПД): everything printed, as plain JSON (amounts and
 * volumes decimal strings, dates YYYY-MM-DD, periods YYYY-MM). It is stored at issue and the PDF is
 * a pure function of it, so a reprint is the same whatever changes later.
 */
export interface PayeeDetails {
  organisationId: string;
  name: string;
  inn: string;
  kpp: string | null;
  bankName: string;
  bic: string;
  correspondentAccount: string;
  settlementAccount: string;
}

export interface ServiceRow {
  serviceCode: string;
  name: string;
  unit: string;
  /** individual consumption, or the common-property (ОДН) share. */
  kind: 'individual' | 'common';
  /** Organisation id of the payee the service is paid to. */
  payeeId: string;
  /** Methods of the lines (metered, average, norm, area, derived, common). */
  methods: string[];
  volume: string;
  /** The tariff, or several joined by "; " when it changed within the month. */
  tariff: string;
  /** Charged at the tariff without the increasing coefficient's extra. */
  chargedBase: string;
  /** Increasing coefficient (e.g. 1.5), null when none applied. */
  coefficient: string | null;
  /** Extra amount due to the coefficient (decree 354 para 42, formula 4(1)). */
  coefficientAmount: string;
  /** Recalculations posted into this period for the service (signed). */
  recalculated: string;
  /** chargedBase + coefficientAmount + recalculated. */
  total: string;
}

export interface RecalculationRow {
  number: string;
  serviceCode: string;
  serviceName: string;
  correctedPeriod: string;
  reason: string;
  amount: string;
}

export interface PaymentRow {
  paidOn: string;
  amount: string;
  channel: string;
}

export interface MeterRow {
  serviceCode: string;
  serviceName: string;
  serialNumber: string;
  zone: string;
  previous: { value: string; takenOn: string } | null;
  current: { value: string; takenOn: string } | null;
  nextVerificationOn: string;
}

export interface NormRow {
  serviceCode: string;
  serviceName: string;
  value: string;
  /** per_person or per_m2. */
  basis: string;
  unit: string;
}

export interface PayeeSection {
  payee: PayeeDetails;
  serviceCodes: string[];
  /** The period's charges of its services incl. recalculations. */
  charged: string;
  /** What the QR asks for: the executor also carries debt/advance, payments and penalty. */
  toPay: string;
  /** GOST R 56042-2014 payload; null when the data breaks the format (qrError says why). */
  qr: string | null;
  qrError: string | null;
}

export interface PaymentDocumentContent {
  formVersion: 1;
  /** Null in a preview. */
  number: string | null;
  issuedOn: string | null;
  period: string;
  supersedes: { id: string; number: string; reason: string } | null;
  account: { id: string; number: string };
  payer: {
    /** Holder's full name (the form requires the payer). */
    name: string;
    address: string;
    premisesNumber: string;
    area: string;
    residents: number;
  };
  executor: PayeeDetails;
  services: ServiceRow[];
  recalculations: RecalculationRow[];
  payments: PaymentRow[];
  balance: {
    /** Positive: debt at the period start; negative: advance. */
    openingDebt: string;
    charged: string;
    coefficientAmount: string;
    recalculated: string;
    /** The penalty line of the period (separate from principal). */
    penalty: string;
    paid: string;
    /** openingDebt + charged + recalculated + penalty − paid. */
    totalDue: string;
    dueDate: string;
  };
  payees: PayeeSection[];
  meters: MeterRow[];
  norms: NormRow[];
  notice: string;
}
