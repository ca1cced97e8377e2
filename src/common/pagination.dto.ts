import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
export const MAX_OFFSET = 10_000_000;

/** `limit` and `offset`, taken by every collection. */
export class PageQueryDto {
  /** How many items to return, at most 100. @example 20 */
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  /** How many items to skip. @example 0 */
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

/** The envelope of every collection; each feature declares its own subclass with typed `items`. */
export class PageDto {
  /** How many items match the filters, over all pages. @example 42 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 })
  total: number;

  /** @example 20 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE })
  limit: number;

  /** @example 0 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_OFFSET })
  offset: number;
}

/**
 * The envelope of a collection that can be large enough for a full count to cost more than its page
 * (the agency register): matches are counted 1,000 past `offset` and no further.
 */
export class CappedPageDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2_147_483_647,
    example: 42,
    description:
      'How many items match the filters, over all pages: exactly when `totalExact` is true. Matches are counted ' +
      'no further than 1,000 past `offset`: when more match, `total` is `offset` + 1,000 and `totalExact` is ' +
      'false, so more than `total` items match (and there is always a next page).',
  })
  total: number;

  @ApiProperty({
    example: true,
    description:
      'Whether `total` counts every match. False when more than `offset` + 1,000 items match: `total` is then a lower bound.',
  })
  totalExact: boolean;

  /** @example 20 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE })
  limit: number;

  /** @example 0 */
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_OFFSET })
  offset: number;
}
