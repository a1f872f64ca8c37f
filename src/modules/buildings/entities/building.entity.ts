/** A building (многоквартирный дом) managed by an organisation. */
export interface Building {
  id: string;
  organisationId: string;
  address: string;
  /** FIAS/GAR house GUID, when known. */
  fiasGuid: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A utility service provided in a building by a supplier over an inclusive validity interval. */
export interface BuildingService {
  id: string;
  buildingId: string;
  serviceCode: string;
  supplierOrganisationId: string;
  validFrom: string;
  /** Last day (inclusive); null = open-ended. */
  validTo: string | null;
  createdAt: Date;
}
