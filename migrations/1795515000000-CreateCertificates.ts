import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (docs/certificates.md): the issued certificates with what was signed, the PDF and
 * its SHA-256; a counter per year that hands out numbers without gaps; and every public signing key.
 */
export class CreateCertificates1795515000000 implements MigrationInterface {
  name = 'CreateCertificates1795515000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."certificate_status" AS ENUM(
                'valid',
                'suspended',
                'withdrawn',
                'expired',
                'superseded'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "certificates" (
                "number" character varying(20) NOT NULL,
                "year" smallint NOT NULL,
                "sequence" integer NOT NULL,
                "case_id" uuid NOT NULL,
                "agency_id" uuid NOT NULL,
                "scope_lo" text NOT NULL,
                "scope_en" text NOT NULL,
                "standard_version" character varying(40) NOT NULL,
                "original_issued_on" date NOT NULL,
                "issued_on" date NOT NULL,
                "expires_on" date NOT NULL,
                "status" "public"."certificate_status" NOT NULL DEFAULT 'valid',
                "status_reason" text,
                "status_changed_on" date NOT NULL,
                "superseded_by" character varying(20),
                "key_id" character varying(64) NOT NULL,
                "signed_data" text NOT NULL,
                "signature" character varying(100) NOT NULL,
                "pdf" bytea NOT NULL,
                "pdf_sha256" character(64) NOT NULL,
                "pdf_bytes" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "certificates_pkey" PRIMARY KEY ("number")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "certificate_issued_idx" ON "certificates" ("issued_on", "number")
        `);
    await queryRunner.query(`
            CREATE INDEX "certificate_status_idx" ON "certificates" ("status", "expires_on")
        `);
    await queryRunner.query(`
            CREATE INDEX "certificate_agency_idx" ON "certificates" ("agency_id", "issued_on")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "certificate_pdf_sha256_key" ON "certificates" ("pdf_sha256")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "certificate_case_key" ON "certificates" ("case_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "certificate_year_sequence_key" ON "certificates" ("year", "sequence")
        `);
    await queryRunner.query(`
            CREATE TABLE "certificate_sequences" (
                "year" smallint NOT NULL,
                "last_sequence" integer NOT NULL,
                CONSTRAINT "certificate_sequences_pkey" PRIMARY KEY ("year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "signing_keys" (
                "key_id" character varying(64) NOT NULL,
                "public_jwk" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("key_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates"
            ADD CONSTRAINT "certificate_case_fkey" FOREIGN KEY ("case_id") REFERENCES "certification_cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates"
            ADD CONSTRAINT "certificate_agency_fkey" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates"
            ADD CONSTRAINT "certificate_key_fkey" FOREIGN KEY ("key_id") REFERENCES "signing_keys"("key_id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // A case's expires_on was the last valid day; it is now the expiry date, the first day not valid.
    await queryRunner.query(`
            UPDATE "certification_cases" SET "expires_on" = "expires_on" + 1 WHERE "expires_on" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            UPDATE "certification_cases" SET "expires_on" = "expires_on" - 1 WHERE "expires_on" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates" DROP CONSTRAINT "certificate_key_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates" DROP CONSTRAINT "certificate_agency_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "certificates" DROP CONSTRAINT "certificate_case_fkey"
        `);
    await queryRunner.query(`
            DROP TABLE "signing_keys"
        `);
    await queryRunner.query(`
            DROP TABLE "certificate_sequences"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_year_sequence_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_case_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_pdf_sha256_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_agency_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_status_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."certificate_issued_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "certificates"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."certificate_status"
        `);
  }
}
