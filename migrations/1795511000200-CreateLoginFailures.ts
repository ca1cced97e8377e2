import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login counters for rate-limiter-flexible's PostgreSQL store, in the layout that library expects
 * (key, points, expire in epoch milliseconds). Kept in the database so all replicas share the counts.
 */
export class CreateLoginFailures1795511000200 implements MigrationInterface {
  name = 'CreateLoginFailures1795511000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "login_failures" (
        "key" character varying(255) NOT NULL,
        "points" integer NOT NULL DEFAULT 0,
        "expire" bigint,
        CONSTRAINT "login_failures_pkey" PRIMARY KEY ("key")
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_failures"`);
  }
}
