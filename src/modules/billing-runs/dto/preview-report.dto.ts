import { IsOptional, Matches } from 'class-validator';

export class PreviewReportQuery {
  /** A change beyond this percentage is flagged (default 20). */
  @IsOptional()
  @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'threshold must be a percentage such as 20 or 12.5' })
  threshold?: string;
}

export class PreviewServiceRowDto {
  /** Building id. */
  buildingId!: string;
  /** Service code. */
  serviceCode!: string;
  /** Lines in the preview. */
  lines!: number;
  /** Preview total, decimal string. */
  amount!: string;
  /** The previous period's final total for the same building and service. */
  previousAmount!: string;
  /** amount − previousAmount. */
  change!: string;
  /** Change in percent of the previous total (null when there was none). */
  changePercent!: string | null;
  /** The change is beyond the threshold, or the service is new or gone. */
  flagged!: boolean;
}

export class PreviewAccountRowDto {
  /** Account id. */
  accountId!: string;
  /** Preview total of the account (null when it vanished). */
  amount!: string | null;
  /** Previous period's total (null when it is new). */
  previousAmount!: string | null;
  /** Change in percent (null for new or vanished accounts). */
  changePercent!: string | null;
}

export class PreviewAccountsDto {
  /** Accounts whose total changed beyond the threshold. */
  jumped!: PreviewAccountRowDto[];
  /** Accounts charged last period and not in the preview. */
  vanished!: PreviewAccountRowDto[];
  /** Accounts in the preview that were not charged last period. */
  appeared!: PreviewAccountRowDto[];
}

export class PreviewReportDto {
  /** The preview run. */
  runId!: string;
  /** Period previewed, YYYY-MM. */
  period!: string;
  /** The period compared with, YYYY-MM. */
  previousPeriod!: string;
  /** Threshold used, percent. */
  thresholdPercent!: string;
  /** Totals per building and service against the previous period. */
  services!: PreviewServiceRowDto[];
  /** Accounts whose charge jumped beyond the threshold, vanished or appeared. */
  accounts!: PreviewAccountsDto;
}
