import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-account API budget joins the per-address public one in PostgreSQL, so both hold across
 * replicas: one table for both, told apart by the key's prefix (`address:…`, `account:…`).
 */
export class SharedRequestCounts1796000000000 implements MigrationInterface {
  name = 'SharedRequestCounts1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "public_request_counts" RENAME TO "request_counts"`);
    await queryRunner.query(
      `ALTER TABLE "request_counts" RENAME CONSTRAINT "public_request_counts_pkey" TO "request_counts_pkey"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "request_counts" RENAME CONSTRAINT "request_counts_pkey" TO "public_request_counts_pkey"`,
    );
    await queryRunner.query(`ALTER TABLE "request_counts" RENAME TO "public_request_counts"`);
  }
}
