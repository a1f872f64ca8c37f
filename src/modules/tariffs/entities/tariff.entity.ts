export enum TariffZone {
  T1 = 'T1',
  T2 = 'T2',
  T3 = 'T3',
}

export enum NormBasis {
  PerPerson = 'per_person',
  PerM2 = 'per_m2',
}

/**
 * A price per unit of a service over an inclusive validity interval, set for an organisation or
 * for one building (a building tariff overrides its organisation's).
 */
export interface Tariff {
  id: string;
  serviceCode: string;
  /** Time-of-day zone of a multi-rate meter; null = single rate. */
  zone: TariffZone | null;
  /** Roubles per unit, numeric(14,6) as a string ("45.120000"). */
  price: string;
  validFrom: string;
  /** Last day (inclusive); null = open-ended. */
  validTo: string | null;
  organisationId: string | null;
  buildingId: string | null;
  createdAt: Date;
}

/**
 * A consumption norm (норматив потребления): units per person or per m² and month, regional when
 * no organisation or building is set.
 */
export interface Norm {
  id: string;
  serviceCode: string;
  /** Units per basis and month, numeric(14,6) as a string. */
  value: string;
  basis: NormBasis;
  validFrom: string;
  validTo: string | null;
  organisationId: string | null;
  buildingId: string | null;
  createdAt: Date;
}
