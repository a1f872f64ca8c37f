/** An organisation: managing company, supplier or any other party with bank requisites. */
export interface Organisation {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  bankName: string;
  bic: string;
  correspondentAccount: string;
  settlementAccount: string;
  createdAt: Date;
  updatedAt: Date;
}
