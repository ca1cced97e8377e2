import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit entry keeps who acted as they were then (name and e-mail), so the log reads without
 * joining the accounts and stays true after a rename. Entries written before are filled from the
 * accounts once, the append-only trigger set aside for that one statement.
 */
export class RecordActorOnAuditEntries1795950000100 implements MigrationInterface {
  name = 'RecordActorOnAuditEntries1795950000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD "actor_name" character varying(200), ADD "actor_email" character varying(254)`,
    );
    await queryRunner.query(`ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_append_only"`);
    await queryRunner.query(`
      UPDATE audit_log e SET actor_name = u.name, actor_email = u.email
      FROM users u WHERE u.id = e.actor_id`);
    await queryRunner.query(`ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_append_only"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "actor_email", DROP COLUMN "actor_name"`);
  }
}
