/** Appeals (обращения граждан): enums equal to the database values (migration 1764401300000). */

export enum AppealChannel {
  Visit = 'visit',
  Letter = 'letter',
  Email = 'email',
  Portal = 'portal',
  Phone = 'phone',
}

/** Channels whose appeal arrives as a document and is entered in the incoming register. */
export const WRITTEN_CHANNELS: readonly AppealChannel[] = [
  AppealChannel.Letter,
  AppealChannel.Email,
  AppealChannel.Portal,
];

export enum AppealCategory {
  ChargeCheck = 'charge_check',
  RecalculationRequest = 'recalculation_request',
  MeterCheck = 'meter_check',
  QualityComplaint = 'quality_complaint',
  TemporaryAbsence = 'temporary_absence',
  PersonalDataRequest = 'personal_data_request',
  Other = 'other',
}

export enum AppealStatus {
  Registered = 'registered',
  Assigned = 'assigned',
  Answered = 'answered',
  Closed = 'closed',
}

export enum DayKind {
  /** Days counted on the production calendar (weekends, holidays and transfers skipped). */
  Working = 'working',
  /** Calendar days; an end on a non-working day moves to the next working day (ГК РФ ст. 193). */
  Calendar = 'calendar',
}

/** One row of appeal_deadline_rules as the pure code needs it. */
export interface DeadlineRule {
  id: string;
  category: AppealCategory;
  /** null = any channel. */
  channel: AppealChannel | null;
  days: number;
  dayKind: DayKind;
  /** Days (of dayKind) the deadline may be extended by once; 0 = not extendable. */
  extensionDays: number;
  validFrom: string;
  validTo: string | null;
  source: string;
}

/** Russian names used in letters and CSV. */
export const CATEGORY_TITLES: Record<AppealCategory, string> = {
  [AppealCategory.ChargeCheck]: 'проверка начислений',
  [AppealCategory.RecalculationRequest]: 'заявление о перерасчёте',
  [AppealCategory.MeterCheck]: 'проверка прибора учёта',
  [AppealCategory.QualityComplaint]: 'жалоба на качество услуги',
  [AppealCategory.TemporaryAbsence]: 'перерасчёт за временное отсутствие',
  [AppealCategory.PersonalDataRequest]: 'запрос о персональных данных',
  [AppealCategory.Other]: 'иное',
};
