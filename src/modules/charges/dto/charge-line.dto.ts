import { IsOptional, Matches } from 'class-validator';

export class ChargesQuery {
  /** Billing period YYYY-MM (all periods when omitted). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class ChargeLineDto {
  /** Charge line id. */
  id!: string;
  /** Billing period YYYY-MM. */
  period!: string;
  /** Service code (cold_water, hot_water, sewerage, electricity, gas, heating, maintenance, solid_waste). */
  serviceCode!: string;
  /** Tariff zone T1/T2/T3 for multi-zone meters; null for a single rate. */
  zone!: string | null;
  /** Part of the month: 1, or 2, 3 … when a tariff, norm or resident count changed inside it. */
  part!: number;
  /** metered, average (substituted for a missing reading), norm, area or derived. */
  method!: string;
  /** Volume, decimal string at the service's scale. */
  volume!: string;
  /** Unit of the volume (m3, kWh, Gcal, m2). */
  unit!: string;
  /** Price per unit, decimal string. */
  tariff!: string;
  /** Increasing coefficient applied (e.g. "1.500"), or null. */
  coefficient!: string | null;
  /** The extra amount due to the coefficient, included in `amount`. */
  coefficientAmount!: string;
  /** Amount, decimal string rounded half-up to the kopeck. */
  amount!: string;
  /** How the line was obtained: readings used, norm, residents, area, formula. */
  basis!: Record<string, unknown>;
  /** The billing run that wrote the line. */
  runId!: string;
}

export class AccountChargesDto {
  /** Account id. */
  accountId!: string;
  /** Lines ordered by period, service and zone. */
  lines!: ChargeLineDto[];
  /** Sum of the lines, decimal string. */
  total!: string;
}
