import { PayeeDetails } from './payment-document.types';

/** What the repository loads for one account and period (roubles as decimal strings). */
export interface ChargeLineInput {
  serviceCode: string;
  serviceName: string;
  unit: string;
  sortOrder: number;
  calculation: string;
  method: string;
  volume: string;
  tariff: string;
  amount: string;
  coefficient: string | null;
  coefficientAmount: string;
  basis: Record<string, unknown>;
}

export interface RecalculationInput {
  number: string;
  serviceCode: string;
  serviceName: string;
  unit: string;
  sortOrder: number;
  calculation: string;
  correctedPeriod: string;
  reason: string;
  amount: string;
}

export interface AccountDocumentInputs {
  accountId: string;
  accountNumber: string;
  holderName: string;
  premisesNumber: string;
  area: string;
  residents: number;
  buildingAddress: string;
  executor: PayeeDetails;
  /** Supplier organisation per service code (building_services in force in the period). */
  suppliers: Record<string, PayeeDetails>;
  charges: ChargeLineInput[];
  recalculations: RecalculationInput[];
  /** Balance before the period: charges, recalculations, migrated balances, penalty lines − payments. */
  openingDebt: string;
  /** Opening balances migrated into the period itself (count as debt brought forward). */
  importedInPeriod: string;
  penalty: string;
  payments: { paidOn: string; amount: string; channel: string }[];
  meters: {
    serviceCode: string;
    serviceName: string;
    serialNumber: string;
    zone: string;
    previous: { value: string; takenOn: string } | null;
    current: { value: string; takenOn: string } | null;
    nextVerificationOn: string;
  }[];
}
