import { Matches } from 'class-validator';

/** Numeric id in the path (bigint ids travel as strings). */
export class IdParam {
  /** Record id. */
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id must be a positive integer' })
  id!: string;
}
