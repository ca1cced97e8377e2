import { MigrationInterface, QueryRunner } from 'typeorm';

/** participantNameKey() as of this migration (src/trainings/participant-name.ts), kept here unchanged. */
const nameKey = (fullName: string) =>
  fullName
    .normalize('NFKC')
    .replace(/[\s\u200B]+/gu, ' ')
    .trim()
    .toLowerCase();

interface Row {
  id: string;
  training_id: string;
  agency_id: string;
  full_name: string;
  sex: string;
  position: string;
}

/**
 * One participant per name and agency in a training (docs/trainings.md, "One record per
 * participant"): `name_key` holds the compared form of the name, unique with the training and agency.
 * People added twice before are merged into their first record, as a sign-in sheet import already
 * matched them: marks the first lacks are moved over (on a day both have, the later recorded wins),
 * missing phone and e-mail are filled in, and each merge is in the audit log. `down` keeps the merges.
 */
export class UniqueParticipantPerTraining1795936412087 implements MigrationInterface {
  name = 'UniqueParticipantPerTraining1795936412087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" ADD "name_key" text`);
    const rows: Row[] = await queryRunner.query(
      `SELECT id, training_id, agency_id, full_name, sex, position FROM "participants" ORDER BY created_at, id`,
    );
    const first = new Map<string, string>();
    const merges: { duplicate: Row; keeper: string }[] = [];
    for (const row of rows) {
      const key = `${row.training_id}|${row.agency_id}|${nameKey(row.full_name)}`;
      const keeper = first.get(key);
      if (keeper) merges.push({ duplicate: row, keeper });
      else first.set(key, row.id);
    }
    for (const { duplicate, keeper } of merges) await this.merge(queryRunner, duplicate, keeper);
    const keys = rows.map((row) => ({ id: row.id, key: nameKey(row.full_name) }));
    await queryRunner.query(
      `UPDATE "participants" p SET name_key = v.key
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, key text) WHERE p.id = v.id`,
      [JSON.stringify(keys)],
    );
    await queryRunner.query(`ALTER TABLE "participants" ALTER COLUMN "name_key" SET NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "participant_identity_key" ON "participants" ("training_id", "agency_id", "name_key")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."participant_identity_key"`);
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "name_key"`);
  }

  private async merge(queryRunner: QueryRunner, duplicate: Row, keeper: string): Promise<void> {
    // A day both marked: the later recorded mark replaces the first record's.
    await queryRunner.query(
      `UPDATE "attendance_marks" k SET status = d.status, recorded_by = d.recorded_by, recorded_at = d.recorded_at
       FROM "attendance_marks" d
       WHERE k.participant_id = $1 AND d.participant_id = $2 AND d.day = k.day AND d.recorded_at > k.recorded_at`,
      [keeper, duplicate.id],
    );
    await queryRunner.query(
      `UPDATE "attendance_marks" SET participant_id = $1
       WHERE participant_id = $2
         AND day NOT IN (SELECT day FROM "attendance_marks" WHERE participant_id = $1)`,
      [keeper, duplicate.id],
    );
    await queryRunner.query(
      `UPDATE "participants" k SET phone = COALESCE(k.phone, d.phone), email = COALESCE(k.email, d.email)
       FROM "participants" d WHERE k.id = $1 AND d.id = $2`,
      [keeper, duplicate.id],
    );
    await queryRunner.query(`DELETE FROM "participants" WHERE id = $1`, [duplicate.id]);
    // Never the name, phone or e-mail: the audit log keeps who and which agency only.
    await queryRunner.query(
      `INSERT INTO "audit_log" (action, entity_type, entity_id, before, after)
       VALUES ('participant.merged', 'participant', $1, $2::jsonb, $3::jsonb)`,
      [
        duplicate.id,
        JSON.stringify({
          trainingId: duplicate.training_id,
          sex: duplicate.sex,
          position: duplicate.position,
          agencyId: duplicate.agency_id,
        }),
        JSON.stringify({ mergedInto: keeper }),
      ],
    );
  }
}
