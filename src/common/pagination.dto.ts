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
