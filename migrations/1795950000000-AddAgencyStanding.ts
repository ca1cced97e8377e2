import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agency's standing beside its licence data: when it became trained, the stage of its latest
 * certification case and its latest certificate. Kept on the agency by the trainings and certification
 * features as those change (docs/architecture.md), so the register reads its own rows and never queries
 * their tables. Filled here from what exists (completion counted over all of a training's days).
 */
export class AddAgencyStanding1795950000000 implements MigrationInterface {
  name = 'AddAgencyStanding1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "agencies"
        ADD "trained_on" date,
        ADD "certification_stage" "public"."certification_stage",
        ADD "certificate_number" character varying(20)`);
    await queryRunner.query(
      `CREATE INDEX "agency_certification_stage_idx" ON "agencies" ("certification_stage")`,
    );
    await queryRunner.query(`
      UPDATE agencies a SET certification_stage = latest.stage
      FROM (SELECT DISTINCT ON (agency_id) agency_id, stage FROM certification_cases
            ORDER BY agency_id, opened_at DESC) latest
      WHERE latest.agency_id = a.id`);
    await queryRunner.query(`
      UPDATE agencies a SET certificate_number = latest.number
      FROM (SELECT DISTINCT ON (agency_id) agency_id, number FROM certificates
            ORDER BY agency_id, issued_on DESC, number DESC) latest
      WHERE latest.agency_id = a.id`);
    await queryRunner.query(`
      UPDATE agencies a SET trained_on = trained.day
      FROM (
        SELECT p.agency_id, min(td.last_day) AS day
        FROM participants p
        JOIN trainings t ON t.id = p.training_id AND t.kind <> 'other'
        CROSS JOIN LATERAL (SELECT count(*) AS days, max(d.day) AS last_day
                            FROM training_days d WHERE d.training_id = p.training_id) td
        CROSS JOIN LATERAL (SELECT count(*) AS attended FROM attendance_marks m
                            JOIN training_days d ON d.training_id = p.training_id AND d.day = m.day
                            WHERE m.participant_id = p.id AND m.status IN ('present', 'late')) a
        WHERE td.days > 0 AND a.attended >= td.days
        GROUP BY p.agency_id
      ) trained
      WHERE trained.agency_id = a.id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."agency_certification_stage_idx"`);
    await queryRunner.query(
      `ALTER TABLE "agencies" DROP COLUMN "certificate_number", DROP COLUMN "certification_stage", DROP COLUMN "trained_on"`,
    );
  }
}
