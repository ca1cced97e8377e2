import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageQueryDto } from './pagination.dto';

export function toPage<T>(items: T[], total: number, query: PageQueryDto) {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** A CappedPageDto: the page's items and its capped total. */
export function toCappedPage<T>(
  items: T[],
  { total, totalExact }: { total: number; totalExact: boolean },
  query: PageQueryDto,
) {
  return { items, total, totalExact, limit: query.limit, offset: query.offset };
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

/** How far past a page's offset a capped total counts exactly (CappedPageDto). */
export const EXACT_TOTAL_PAST_OFFSET = 1000;

/** The column pageWithTotal() adds to each row of the page. */
export const PAGE_TOTAL_COLUMN = 'page_total';

/** `total` and `totalExact` of a capped page, from the count pageWithTotal() or cappedCountOf() made. */
export function cappedTotal(counted: number, offset: number): { total: number; totalExact: boolean } {
  const cap = offset + EXACT_TOTAL_PAST_OFFSET;
  return counted > cap ? { total: cap, totalExact: false } : { total: counted, totalExact: true };
}

/**
 * The matching rows counted no further than one past the cap: a search that most rows match stops
 * counting there instead of reading them all, and a selective one costs what it did.
 */
function cappedCount<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQueryDto) {
  return qb
    .clone()
    .orderBy()
    .select('1')
    .limit(query.offset + EXACT_TOTAL_PAST_OFFSET + 1);
}

/**
 * One statement for a page and its capped total: `qb` limited to the page, each row carrying
 * PAGE_TOTAL_COLUMN (an uncorrelated subquery, so PostgreSQL counts once). An empty page carries no
 * total: ask cappedCountOf() then (nothing to ask when `offset` is 0: the total is 0).
 * For queries without joins that multiply rows.
 */
export function pageWithTotal<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQueryDto,
): SelectQueryBuilder<T> {
  return qb
    .clone()
    .addSelect(
      `(SELECT count(*)::int FROM (${cappedCount(qb, query).getQuery()}) matched)`,
      PAGE_TOTAL_COLUMN,
    )
    .limit(query.limit)
    .offset(query.offset);
}

/** The capped count of `qb` alone, for a page that came back empty. */
export async function cappedCountOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: PageQueryDto,
): Promise<number> {
  if (query.offset === 0) return 0;
  const row = await qb
    .createQueryBuilder()
    .select('count(*)::int', 'counted')
    .from(`(${cappedCount(qb, query).getQuery()})`, 'matched')
    .setParameters(qb.getParameters())
    .getRawOne<{ counted: number }>();
  return row?.counted ?? 0;
}

/**
 * A page of entities and its capped total (CappedPageDto) in one statement (two when the page is
 * empty past the first). For queries without joins that multiply rows.
 */
export async function cappedPageOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQueryDto) {
  const { entities, raw } = await pageWithTotal(qb, query).getRawAndEntities<Record<string, number>>();
  const counted = raw.length > 0 ? raw[0][PAGE_TOTAL_COLUMN] : await cappedCountOf(qb, query);
  return { items: entities, ...cappedTotal(counted, query.offset) };
}
