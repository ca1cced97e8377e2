import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lao is typed in more than one way: ຳ or ໍ+າ, ໜ or ຫນ, ໝ or ຫມ. The search index now covers the
 * NFKC form of "name_lo name_en licence_number", and `q` is NFKC-normalised too, so "ຈໍາກັດ" finds
 * "ຈຳກັດ". The expression must stay identical to AGENCY_SEARCH_TEXT in agencies.repository.ts.
 */
export class NormaliseAgencySearch1795516000000 implements MigrationInterface {
  name = 'NormaliseAgencySearch1795516000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."agency_search_trgm_idx"`);
    await queryRunner.query(`
      CREATE INDEX "agency_search_trgm_idx" ON "agencies"
      USING gist ((normalize("name_lo" || ' ' || "name_en" || ' ' || "licence_number", NFKC)) gist_trgm_ops)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."agency_search_trgm_idx"`);
    await queryRunner.query(`
      CREATE INDEX "agency_search_trgm_idx" ON "agencies"
      USING gist (("name_lo" || ' ' || "name_en" || ' ' || "licence_number") gist_trgm_ops)
    `);
  }
}
