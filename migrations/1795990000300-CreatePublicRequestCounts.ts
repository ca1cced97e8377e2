import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests a minute per client address on the public routes, for rate-limiter-flexible's PostgreSQL
 * store in the layout it expects (key, points, expire in epoch milliseconds), like `login_failures`:
 * kept in the database so every replica counts against one budget. UNLOGGED: every public request
 * writes a row, and a counter that lives a minute is not worth a WAL flush; a crash of the server empties
 * it (every address starts a fresh minute), and read replicas do not get it (only the primary counts).
 */
export class CreatePublicRequestCounts1795990000300 implements MigrationInterface {
  name = 'CreatePublicRequestCounts1795990000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE "public_request_counts" (
        "key" character varying(255) NOT NULL,
        "points" integer NOT NULL DEFAULT 0,
        "expire" bigint,
        CONSTRAINT "public_request_counts_pkey" PRIMARY KEY ("key")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "public_request_counts"`);
  }
}
