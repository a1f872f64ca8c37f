export enum PremisesKind {
  Residential = 'residential',
  NonResidential = 'non_residential',
}

/** Premises (помещение) in a building: a flat or a non-residential unit. */
export interface Premises {
  id: string;
  buildingId: string;
  number: string;
  /** Total area, m², decimal string with 2 decimals ("54.30"). */
  area: string;
  kind: PremisesKind;
  createdAt: Date;
  updatedAt: Date;
}
