import { MigrationInterface, QueryRunner } from 'typeorm';

/** User accounts (docs/roles.md); e-mails are stored lower-cased, so the unique key is case-insensitive. */
export class CreateUsers1795511000100 implements MigrationInterface {
  name = 'CreateUsers1795511000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."user_role" AS ENUM('admin', 'ministry', 'iom', 'trainer', 'auditor')`,
    );
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "name" character varying(200) NOT NULL,
        "password_hash" character varying(255) NOT NULL,
        "roles" "public"."user_role" array NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "user_email_key" UNIQUE ("email"),
        CONSTRAINT "users_pkey" PRIMARY KEY ("id")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
  }
}
