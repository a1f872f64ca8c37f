import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Keyset pagination: pass the last id of the previous page as `after`. */
export class PageQuery {
  /** Page size, 1–500 (default 100). */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Return records with id greater than this one. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be an id' })
  after?: string;
}

export class Page<T> {
  items!: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextAfter!: string | null;
}

export function pageOf<T extends { id: string }>(items: T[], limit: number): Page<T> {
  const more = items.length > limit;
  const page = more ? items.slice(0, limit) : items;
  return { items: page, nextAfter: more ? page[page.length - 1].id : null };
}
