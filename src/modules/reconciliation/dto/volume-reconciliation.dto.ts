import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';

export class VolumeReconciliationQuery {
  /** Billing period YYYY-MM. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;

  /** Only this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only this supplier (ресурсоснабжающая организация, the building service's supplier). */
  @IsOptional()
  @IsIdString()
  supplierId?: string;

  /** Only this base service code (e.g. cold_water; its _odn common-property service goes with it). */
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,40}$/, { message: 'serviceCode must be a service code' })
  serviceCode?: string;

  /** json (default), csv (';' separated, rows then supplier totals) or pdf. */
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

export class VolumeFiguresDto {
  /** Service code (the individual service; its _odn service is the common-property part). */
  serviceCode!: string;
  /** Unit of the volumes. */
  unit!: string;
  /** Supplier organisation id (building service in force at the period start), null if none. */
  supplierId!: string | null;
  /** Supplier name. */
  supplierName!: string | null;
  /** Individual volume billed by meter readings. */
  metered!: string;
  /** Individual volume billed by the average (substitution). */
  average!: string;
  /** Individual volume billed by the norm. */
  norm!: string;
  /** Individual volume by any other method (area, derived). */
  other!: string;
  /** Sum of the individual volumes. */
  individual!: string;
  /** Common-property (ОДН) volume billed to the premises. */
  commonProperty!: string;
}

export class VolumeRowDto extends VolumeFiguresDto {
  /** Building id. */
  buildingId!: string;
  /** Building address. */
  address!: string;
  /** Common-building meter volume (the ОДН lines' basis), null when the building was billed by norm. */
  houseVolume!: string | null;
  /** houseVolume − individual − commonProperty; null without a house meter volume. */
  discrepancy!: string | null;
}

export class SupplierTotalsDto extends VolumeFiguresDto {
  /** Sum of the house meter volumes. */
  houseVolume!: string;
  /** Sum of the buildings' discrepancies (buildings with a house meter volume). */
  discrepancy!: string;
}

export class VolumeReconciliationResponseDto {
  /** Billing period YYYY-MM. */
  period!: string;
  /** One row per building and service, by building then service. */
  rows!: VolumeRowDto[];
  /** Totals per supplier and service. */
  totals!: SupplierTotalsDto[];
}
