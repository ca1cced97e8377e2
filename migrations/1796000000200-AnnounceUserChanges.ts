import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces every statement that writes the users table (NOTIFY `iris_changes`, as for certificates and
 * agencies): each process keeps the accounts it signs requests in with in memory, and drops them at
 * once when one is deactivated, changes roles or has its password reset, here or on another replica.
 */
export class AnnounceUserChanges1796000000200 implements MigrationInterface {
  name = 'AnnounceUserChanges1796000000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TRIGGER "users_announce_change"
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users"
      FOR EACH STATEMENT EXECUTE FUNCTION "announce_registry_change"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "users_announce_change" ON "users"`);
  }
}
