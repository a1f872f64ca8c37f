import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Keyset pagination: pass the last id of the previous page as `after`. */
export class PageQuery {
  @ApiPropertyOptional({ description: 'Page size, 1–500 (default 100).', minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Return records after this id (the `nextAfter` of the previous page).',
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be an id' })
  after?: string;
}

export class Page<T> {
  items!: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  nextAfter!: string | null;
}

/** A named page class for OpenAPI (`@ApiOkResponse({ type: PageDto(X) })`): generics vanish at run time. */
export function PageDto<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems {
    @ApiProperty({ type: [item], description: 'Records of this page, in key order.' })
    items!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `after` for the next page; null on the last page.',
    })
    nextAfter!: string | null;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageOfItems;
}

export function pageOf<T extends { id: string }>(items: T[], limit: number): Page<T> {
  const more = items.length > limit;
  const page = more ? items.slice(0, limit) : items;
  return { items: page, nextAfter: more ? page[page.length - 1].id : null };
}
