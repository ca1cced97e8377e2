import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff console's sessions, kept in PostgreSQL so every replica sees them and signing out really ends
 * one (the table layout connect-pg-simple reads). Each user gets a language for the console (Lao unless
 * they choose English), and the moment their credentials last changed: a password reset or a
 * deactivation ends every session and token issued before it.
 */
export class AddStaffSessions1795960000000 implements MigrationInterface {
  name = 'AddStaffSessions1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "staff_sessions" (
        "sid" character varying(128) NOT NULL,
        "sess" json NOT NULL,
        "expire" TIMESTAMP(6) NOT NULL,
        CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("sid")
      )`);
    await queryRunner.query(`CREATE INDEX "staff_sessions_expire_idx" ON "staff_sessions" ("expire")`);
    await queryRunner.query(`CREATE TYPE "public"."user_language" AS ENUM('lo', 'en')`);
    await queryRunner.query(`
      ALTER TABLE "users"
        ADD "language" "public"."user_language" NOT NULL DEFAULT 'lo',
        ADD "credentials_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" DROP COLUMN "credentials_changed_at", DROP COLUMN "language"`,
    );
    await queryRunner.query(`DROP TYPE "public"."user_language"`);
    await queryRunner.query(`DROP TABLE "staff_sessions"`);
  }
}
