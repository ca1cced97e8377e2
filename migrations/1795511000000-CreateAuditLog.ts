import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only audit log (docs/roles.md): the database itself refuses UPDATE, DELETE and TRUNCATE. */
export class CreateAuditLog1795511000000 implements MigrationInterface {
  name = 'CreateAuditLog1795511000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" BIGSERIAL NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "action" character varying(80) NOT NULL,
        "entity_type" character varying(60) NOT NULL,
        "entity_id" character varying(100) NOT NULL,
        "before" jsonb,
        "after" jsonb,
        "request_id" character varying(128),
        CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log" ("actor_id", "id")`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_entity_idx" ON "audit_log" ("entity_type", "entity_id", "id")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"()
    `);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP FUNCTION "audit_log_refuse_change"()`);
  }
}
