/**
 * The filter shared by the tariff and norm lists ($1 service, $2 organisation, $3 building,
 * $4 day in force, $5 after-id, $6 limit). Validity is inclusive at both ends; NULL valid_to is open.
 */
export const RATE_FILTER = `
  ($1::text IS NULL OR service_code = $1)
  AND ($2::bigint IS NULL OR organisation_id = $2)
  AND ($3::bigint IS NULL OR building_id = $3)
  AND ($4::date IS NULL OR (valid_from <= $4 AND (valid_to IS NULL OR valid_to >= $4)))
  AND id > $5`;

export interface RateFilter {
  serviceCode?: string;
  organisationId?: string;
  buildingId?: string;
  on?: string;
  after?: string;
  limit: number;
}

export function rateFilterParams(f: RateFilter): unknown[] {
  return [
    f.serviceCode ?? null,
    f.organisationId ?? null,
    f.buildingId ?? null,
    f.on ?? null,
    f.after ?? '0',
    f.limit,
  ];
}
