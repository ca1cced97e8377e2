import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public reason of a suspension or withdrawal is written in Lao and in English
 * (docs/certification.md): the Lao text sits beside the English one wherever that reason is kept.
 */
export class AddLaoStatusReasons1795935526587 implements MigrationInterface {
  name = 'AddLaoStatusReasons1795935526587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certification_cases" ADD "status_reason_lo" text`);
    await queryRunner.query(`ALTER TABLE "certification_transitions" ADD "reason_lo" text`);
    await queryRunner.query(`ALTER TABLE "certificates" ADD "status_reason_lo" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "certificates" DROP COLUMN "status_reason_lo"`);
    await queryRunner.query(`ALTER TABLE "certification_transitions" DROP COLUMN "reason_lo"`);
    await queryRunner.query(`ALTER TABLE "certification_cases" DROP COLUMN "status_reason_lo"`);
  }
}
