import type { SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/sql';
import type { Agency } from './agency.entity';

/**
 * The column the trigram indexes agency_search_trgm_idx and agency_search_gin_idx cover: the NFKC form of
 * the names and licence number in lower case, so Lao typed as ຳ or ໍ+າ, ໜ or ຫນ compares equal, and
 * LIKE (with the term in lower case too) does what ILIKE did at a third of the cost per row.
 */
const SEARCH_TEXT = 'agency.search_text';

/** What both the staff register and the public registry filter agencies by. */
export interface RegisterFilter {
  /** Part of a name (Lao or English) or of the licence number. */
  q?: string;
  province?: string;
  destinationCountry?: string;
}

/**
 * The filters the staff register and the public registry share, on a query of agencies aliased `agency`:
 * written once so the two always find the same agencies for the same words.
 */
export function whereRegister<T extends Agency>(
  qb: SelectQueryBuilder<T>,
  filter: RegisterFilter,
): SelectQueryBuilder<T> {
  // `q` is brought to NFKC and lower case by the same lower() as the indexed text.
  if (filter.q)
    qb.andWhere(`${SEARCH_TEXT} LIKE lower(:pattern)`, {
      pattern: containsPattern(filter.q.normalize('NFKC')),
    });
  if (filter.province) qb.andWhere('agency.province = :province', { province: filter.province });
  if (filter.destinationCountry) {
    qb.andWhere('agency.destination_countries @> ARRAY[:country]::varchar[]', {
      country: filter.destinationCountry,
    });
  }
  return qb;
}
