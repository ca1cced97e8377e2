import { MigrationInterface, QueryRunner } from 'typeorm';

/** A training's title in Lao, optional: trainings recorded before keep their English title only. */
export class AddTrainingTitleLo1795980000000 implements MigrationInterface {
  name = 'AddTrainingTitleLo1795980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "trainings" ADD "title_lo" character varying(300)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "trainings" DROP COLUMN "title_lo"`);
  }
}
