import { MigrationInterface, QueryRunner } from 'typeorm';

const CONTACT_COLUMNS = ['district', 'address', 'phone', 'contact_person'];

/**
 * An agency's district, address, phone and contact person become optional: the ministry's spreadsheets
 * have gaps and must still be imported. Going back fills the gaps with empty text.
 */
export class MakeAgencyContactsOptional1795935834366 implements MigrationInterface {
  name = 'MakeAgencyContactsOptional1795935834366';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of CONTACT_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "agencies" ALTER COLUMN "${column}" DROP NOT NULL`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of CONTACT_COLUMNS) {
      await queryRunner.query(`UPDATE "agencies" SET "${column}" = '' WHERE "${column}" IS NULL`);
      await queryRunner.query(`ALTER TABLE "agencies" ALTER COLUMN "${column}" SET NOT NULL`);
    }
  }
}
