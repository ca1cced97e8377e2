import { MigrationInterface, QueryRunner } from 'typeorm';

/** IRIS trainings (docs/trainings.md): days, trainers, participants, marks. */
export class CreateTrainings1795513000000 implements MigrationInterface {
  name = 'CreateTrainings1795513000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."training_kind" AS ENUM(
                'iris_awareness',
                'gap_analysis',
                'system_design',
                'system_validation',
                'other'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "trainings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" character varying(300) NOT NULL,
                "venue" character varying(300) NOT NULL,
                "province" character varying(6) NOT NULL,
                "organiser" character varying(200) NOT NULL,
                "funding_programme" character varying(200),
                "kind" "public"."training_kind" NOT NULL DEFAULT 'iris_awareness',
                "starts_on" date NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "trainings_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "training_starts_on_idx" ON "trainings" ("starts_on")
        `);
    await queryRunner.query(`
            CREATE INDEX "training_province_idx" ON "trainings" ("province")
        `);
    await queryRunner.query(`
            CREATE TABLE "training_days" (
                "training_id" uuid NOT NULL,
                "day" date NOT NULL,
                CONSTRAINT "training_days_pkey" PRIMARY KEY ("training_id", "day")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "training_trainers" (
                "training_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "training_trainers_pkey" PRIMARY KEY ("training_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "training_trainer_user_idx" ON "training_trainers" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."sex" AS ENUM('female', 'male', 'other')
        `);
    await queryRunner.query(`
            CREATE TABLE "participants" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "training_id" uuid NOT NULL,
                "full_name" character varying(200) NOT NULL,
                "sex" "public"."sex" NOT NULL,
                "position" character varying(200) NOT NULL,
                "agency_id" uuid NOT NULL,
                "phone" character varying(40),
                "email" character varying(254),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "participant_agency_idx" ON "participants" ("agency_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "participant_training_idx" ON "participants" ("training_id", "full_name")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."attendance_status" AS ENUM('present', 'late', 'excused', 'absent')
        `);
    await queryRunner.query(`
            CREATE TABLE "attendance_marks" (
                "participant_id" uuid NOT NULL,
                "day" date NOT NULL,
                "status" "public"."attendance_status" NOT NULL,
                "recorded_by" uuid,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "attendance_marks_pkey" PRIMARY KEY ("participant_id", "day")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "trainings"
            ADD CONSTRAINT "training_province_fkey" FOREIGN KEY ("province") REFERENCES "provinces"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "training_days"
            ADD CONSTRAINT "training_day_training_fkey" FOREIGN KEY ("training_id") REFERENCES "trainings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "training_trainers"
            ADD CONSTRAINT "training_trainer_training_fkey" FOREIGN KEY ("training_id") REFERENCES "trainings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "training_trainers"
            ADD CONSTRAINT "training_trainer_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "participants"
            ADD CONSTRAINT "participant_training_fkey" FOREIGN KEY ("training_id") REFERENCES "trainings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "participants"
            ADD CONSTRAINT "participant_agency_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "attendance_marks"
            ADD CONSTRAINT "attendance_participant_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "attendance_marks" DROP CONSTRAINT "attendance_participant_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "participants" DROP CONSTRAINT "participant_agency_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "participants" DROP CONSTRAINT "participant_training_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "training_trainers" DROP CONSTRAINT "training_trainer_user_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "training_trainers" DROP CONSTRAINT "training_trainer_training_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "training_days" DROP CONSTRAINT "training_day_training_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "trainings" DROP CONSTRAINT "training_province_fkey"
        `);
    await queryRunner.query(`
            DROP TABLE "attendance_marks"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."attendance_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."participant_training_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."participant_agency_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "participants"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."sex"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."training_trainer_user_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "training_trainers"
        `);
    await queryRunner.query(`
            DROP TABLE "training_days"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."training_province_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."training_starts_on_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "trainings"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."training_kind"
        `);
  }
}
