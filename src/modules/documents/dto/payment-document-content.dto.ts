/* The frozen content of a payment document as OpenAPI schemas (mirrors domain/payment-document.types). */

export class PayeeDetailsDto {
  /** Organisation id. */
  organisationId!: string;
  /** Organisation name. */
  name!: string;
  /** ИНН. */
  inn!: string;
  /** КПП, null for an individual entrepreneur. */
  kpp!: string | null;
  /** Bank name. */
  bankName!: string;
  /** БИК, 9 digits. */
  bic!: string;
  /** Bank's correspondent account. */
  correspondentAccount!: string;
  /** Settlement account of the organisation. */
  settlementAccount!: string;
}

export class ServiceRowDto {
  /** Service code. */
  serviceCode!: string;
  /** Service name as printed. */
  name!: string;
  /** Unit of volume. */
  unit!: string;
  /** individual consumption or the common-property (ОДН) share. */
  kind!: 'individual' | 'common';
  /** Organisation id of the payee. */
  payeeId!: string;
  /** Calculation methods of the lines (metered, average, norm, area, derived, common). */
  methods!: string[];
  /** Volume, decimal string. */
  volume!: string;
  /** Tariff (several joined by "; " when it changed within the month). */
  tariff!: string;
  /** Charged at the tariff without the coefficient's extra, roubles. */
  chargedBase!: string;
  /** Increasing coefficient applied, or null. */
  coefficient!: string | null;
  /** Extra amount due to the increasing coefficient, roubles. */
  coefficientAmount!: string;
  /** Recalculations posted into the period, roubles (signed). */
  recalculated!: string;
  /** chargedBase + coefficientAmount + recalculated, roubles. */
  total!: string;
}

export class RecalculationRowDto {
  /** Recalculation document number. */
  number!: string;
  /** Service code. */
  serviceCode!: string;
  /** Service name. */
  serviceName!: string;
  /** Period corrected, YYYY-MM. */
  correctedPeriod!: string;
  /** Reason (legal ground) of the recalculation. */
  reason!: string;
  /** Amount, roubles (signed). */
  amount!: string;
}

export class PaymentRowDto {
  /** Payment date. */
  paidOn!: string;
  /** Amount, roubles (negative for a reversal). */
  amount!: string;
  /** Payment channel. */
  channel!: string;
}

export class ReadingValueDto {
  /** Reading value. */
  value!: string;
  /** Date taken. */
  takenOn!: string;
}

export class MeterRowDto {
  /** Service code. */
  serviceCode!: string;
  /** Service name. */
  serviceName!: string;
  /** Meter serial number. */
  serialNumber!: string;
  /** Tariff zone T1–T3. */
  zone!: string;
  /** Last reading before the period, or null. */
  previous!: ReadingValueDto | null;
  /** Last reading counted for the period, or null (no reading submitted). */
  current!: ReadingValueDto | null;
  /** Next verification due date. */
  nextVerificationOn!: string;
}

export class NormRowDto {
  /** Service code. */
  serviceCode!: string;
  /** Service name. */
  serviceName!: string;
  /** Norm value per month. */
  value!: string;
  /** per_person or per_m2. */
  basis!: string;
  /** Unit of the norm's volume. */
  unit!: string;
}

export class PayeeSectionDto {
  /** The payee's details. */
  payee!: PayeeDetailsDto;
  /** Services paid to this payee. */
  serviceCodes!: string[];
  /** The period's charges of its services incl. recalculations, roubles. */
  charged!: string;
  /** Amount the QR code asks for, roubles (the executor also carries debt, payments and penalty). */
  toPay!: string;
  /** GOST R 56042-2014 payment QR payload, or null when the payee's data breaks the format. */
  qr!: string | null;
  /** Why no QR code was made, or null. */
  qrError!: string | null;
}

export class SupersedesDto {
  /** Id of the superseded document. */
  id!: string;
  /** Its number. */
  number!: string;
  /** Reason of the correction. */
  reason!: string;
}

export class AccountRefDto {
  /** Account id. */
  id!: string;
  /** Account number (лицевой счёт). */
  number!: string;
}

export class PayerDto {
  /** Holder's full name (required on the form). */
  name!: string;
  /** Address of the premises. */
  address!: string;
  /** Premises number. */
  premisesNumber!: string;
  /** Area of the premises, m². */
  area!: string;
  /** Residents registered at the period end. */
  residents!: number;
}

export class BalanceDto {
  /** Debt at the period start (negative: advance), roubles. */
  openingDebt!: string;
  /** Charged at tariffs, roubles. */
  charged!: string;
  /** Extra due to increasing coefficients, roubles. */
  coefficientAmount!: string;
  /** Recalculations posted into the period, roubles. */
  recalculated!: string;
  /** Penalty line of the period, roubles. */
  penalty!: string;
  /** Paid within the period, roubles. */
  paid!: string;
  /** openingDebt + charged + coefficientAmount + recalculated + penalty − paid, roubles. */
  totalDue!: string;
  /** Due date (the due-date rules and the production calendar). */
  dueDate!: string;
}

export class PaymentDocumentContentDto {
  /** Content format version. */
  formVersion!: number;
  /** Document number, null in a preview. */
  number!: string | null;
  /** Issue date, null in a preview. */
  issuedOn!: string | null;
  /** Billing period YYYY-MM. */
  period!: string;
  /** The document this one corrects, or null. */
  supersedes!: SupersedesDto | null;
  /** The account. */
  account!: AccountRefDto;
  /** The payer as the form needs it (no other personal data). */
  payer!: PayerDto;
  /** The executor (managing organisation). */
  executor!: PayeeDetailsDto;
  /** One row per service. */
  services!: ServiceRowDto[];
  /** Recalculations with reasons. */
  recalculations!: RecalculationRowDto[];
  /** Payments received in the period. */
  payments!: PaymentRowDto[];
  /** Totals. */
  balance!: BalanceDto;
  /** One section (and QR code) per payee. */
  payees!: PayeeSectionDto[];
  /** Meter readings used. */
  meters!: MeterRowDto[];
  /** Norms used. */
  norms!: NormRowDto[];
  /** Notice section text. */
  notice!: string;
}
