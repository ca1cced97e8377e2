import { MigrationInterface, QueryRunner } from 'typeorm';

const NORMALISED = `normalize("name_lo" || ' ' || "name_en" || ' ' || "licence_number", NFKC)`;

/**
 * `search_text` is kept in lower case, so a search compares with LIKE instead of ILIKE: ILIKE folds the
 * case of every row it checks, which made a word found in most agency names (a Lao word such as
 * "ຈັດຫາງານ") cost about three times as much to count. Lao has no case; English names and licence numbers
 * are matched as before, the search term being brought to lower case by the same lower().
 */
export class LowerCaseAgencySearch1795980000100 implements MigrationInterface {
  name = 'LowerCaseAgencySearch1795980000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "agency_search_text"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := lower(normalize(NEW.name_lo || ' ' || NEW.name_en || ' ' || NEW.licence_number, NFKC));
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`UPDATE "agencies" SET "search_text" = lower(${NORMALISED})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "agency_search_text"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := normalize(NEW.name_lo || ' ' || NEW.name_en || ' ' || NEW.licence_number, NFKC);
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`UPDATE "agencies" SET "search_text" = ${NORMALISED}`);
  }
}
