import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sheets uploaded in the staff console, kept between the import's preview and its confirmation. */
export class AddConsoleUploads1795970000000 implements MigrationInterface {
  name = 'AddConsoleUploads1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "console_uploads" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "purpose" character varying(80) NOT NULL,
        "file_name" character varying(255) NOT NULL,
        "bytes" bytea NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "console_uploads_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "console_uploads_created_at_idx" ON "console_uploads" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "console_uploads"`);
  }
}
