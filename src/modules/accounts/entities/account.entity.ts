/** Number of residents registered from a date until the next entry (for per-person charges). */
export interface ResidentsEntry {
  from: string;
  count: number;
}

/** A personal account (лицевой счёт) of premises: who pays, since when, for how many residents. */
export interface Account {
  id: string;
  premisesId: string;
  buildingId: string;
  number: string;
  /** Personal data (152-FZ): shown only to callers allowed to see it. */
  holderName: string;
  openedOn: string;
  closedOn: string | null;
  /** Residents history, oldest first. */
  residents: ResidentsEntry[];
  createdAt: Date;
  updatedAt: Date;
}
