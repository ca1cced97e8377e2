import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces, at commit, every statement that writes the certificates or agencies tables: a NOTIFY on
 * `iris_changes` with the table's name. Each process listens and drops its in-memory copies of the public
 * registry (a certificate's public view), so a suspension made on one replica shows on all at once.
 * Statement level, not row level: the nightly expiry or an import of thousands of rows is one
 * announcement, and PostgreSQL folds identical ones within a transaction.
 */
export class AnnounceRegistryChanges1796000000100 implements MigrationInterface {
  name = 'AnnounceRegistryChanges1796000000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "announce_registry_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('iris_changes', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$
    `);
    for (const table of ['certificates', 'agencies']) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_announce_change"
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "announce_registry_change"()
      `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['certificates', 'agencies']) {
      await queryRunner.query(`DROP TRIGGER "${table}_announce_change" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "announce_registry_change"()`);
  }
}
