import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CorrespondenceQuery {
  /** incoming or outgoing. */
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction?: 'incoming' | 'outgoing';

  /** Letters about this account. */
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'accountId must be an id' })
  accountId?: string;

  /** Citizen name contains this (case-insensitive). */
  @IsOptional()
  @IsString()
  @Length(2, 300)
  citizen?: string;

  /** Letters of this appeal. */
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'appealId must be an id' })
  appealId?: string;
}

export class LetterResponseDto {
  /** Register row id. */
  id!: string;
  /** incoming or outgoing. */
  direction!: string;
  /** Register number, gapless per direction and year ("12-исх/2026"). */
  number!: string;
  /** Letter date. */
  letterDate!: string;
  /** Appeal the letter belongs to. */
  appealId!: string | null;
  /** Account the letter is about. */
  accountId!: string | null;
  /** Citizen (correspondent) name. */
  citizenName!: string;
  /** Subject line. */
  subject!: string;
  /** A printed PDF is stored (outgoing letters). */
  hasPdf!: boolean;
  /** Who registered it. */
  createdBy!: string;
}
