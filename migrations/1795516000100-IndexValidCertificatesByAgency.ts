import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Holds a valid certificate today" (the public registry's `certified` filter) reads only valid
 * certificates of one agency by expiry date: a small partial index answers it without the table.
 */
export class IndexValidCertificatesByAgency1795516000100 implements MigrationInterface {
  name = 'IndexValidCertificatesByAgency1795516000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX "certificate_valid_agency_idx" ON "certificates" ("agency_id", "expires_on")
      WHERE status = 'valid'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."certificate_valid_agency_idx"`);
  }
}
