import { Type } from 'class-transformer';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 10_000_000;

/** `limit` and `offset`, taken by every collection. */
export class PageQueryDto {
  /** How many items to return, at most 100. @example 20 */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  /** How many items to skip. @example 0 */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

/** The envelope of every collection; each feature declares its own subclass with typed `items`. */
export class PageDto {
  /** How many items match the filters, over all pages. @example 42 */
  total: number;

  /** @example 20 */
  limit: number;

  /** @example 0 */
  offset: number;
}

export function toPage<T>(items: T[], total: number, query: PageQueryDto) {
  return { items, total, limit: query.limit, offset: query.offset };
}

/**
 * One page of a filtered query and the total over all pages. TypeORM's getManyAndCount counts
 * DISTINCT primary keys, which costs a sort of every matching row; a plain COUNT(*) does not.
 * For queries without joins that multiply rows.
 */
export async function pageOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQueryDto) {
  const [items, counted] = await Promise.all([
    qb.clone().limit(query.limit).offset(query.offset).getMany(),
    qb.clone().orderBy().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
  ]);
  return { items, total: counted?.total ?? 0 };
}
