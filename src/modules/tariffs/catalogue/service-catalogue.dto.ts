/** A utility service of the catalogue (reference data seeded by the migrations). */
export class ServiceResponseDto {
  /** Stable code, e.g. cold_water. */
  code!: string;
  /** Name as printed on payment documents. */
  name!: string;
  /** Unit of volume: m3, kWh, Gcal, m2. */
  unit!: string;
  /** Decimals kept in a volume of this service (0–6). */
  volumeScale!: number;
  /** How the charge is calculated (metered, derived, area, …). */
  calculation!: string;
}
