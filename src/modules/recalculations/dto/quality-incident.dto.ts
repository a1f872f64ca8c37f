import { IsOptional, Matches } from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';

export class QualityIncidentsQuery {
  /** Building whose incidents are listed. */
  @IsIdString()
  buildingId!: string;

  /** Only incidents overlapping this period, YYYY-MM. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class QualityIncidentDto {
  /** Incident id. */
  id!: string;
  /** Building affected. */
  buildingId!: string;
  /** Premises affected, or null for the whole building. */
  premisesId!: string | null;
  /** Service affected. */
  serviceCode!: string;
  /** interruption, temperature or pressure. */
  kind!: string;
  /** Start, ISO instant. */
  startedAt!: string;
  /** End, ISO instant. */
  endedAt!: string;
  /** °C beyond the permitted deviation, or null. */
  degrees!: string | null;
  /** Measured temperature °C, or null. */
  temperature!: string | null;
  /** Number of the emergency dispatch request. */
  dispatcherRequest!: string;
  /** Who registered it. */
  createdBy!: string;
}
