import { AttendanceStatus, Sex } from '../../src/trainings/training.enums';
import { Clock } from '../../src/common/clock';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { createTestServices, type TestServices } from '../utils/services';

const MIGRATION = 'UniqueParticipantPerTraining1795936412087';

/**
 * People added twice before one record per participant was enforced: the migration merges them into
 * their first record (docs/trainings.md), and only then adds the unique index.
 */
describe('migration UniqueParticipantPerTraining', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices();
  });
  afterAll(() => t.close());

  /** Undoes the migrations down to and including this one, runs `seed`, then migrates up again. */
  const migrateOver = async (seed: () => Promise<void>) => {
    for (;;) {
      const [last] = await t.db.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await t.db.undoLastMigration();
      if (last.name === MIGRATION) break;
    }
    await seed();
    await t.db.runMigrations();
  };

  it('merges a name and agency added twice into the first record, marks and contacts included', async () => {
    const agency = await t.fx.agency();
    const days = [t.day(-40), t.day(-39), t.day(-38)];
    const training = await t.fx.training({ days });
    const person = { fullName: 'Noy Keomany', sex: Sex.Female, position: 'Clerk', agencyId: agency.id };
    const [first, other] = await t.db.transaction(async (em) => {
      const attendance = t.get(AttendanceService);
      const kept = await attendance.insertParticipant(em, training.id, person, null);
      const another = await attendance.insertParticipant(
        em,
        training.id,
        { ...person, fullName: 'Other Person' },
        null,
      );
      await attendance.upsertMarks(
        em,
        training.id,
        [
          { participantId: kept.id, day: days[0], status: AttendanceStatus.Present },
          { participantId: kept.id, day: days[1], status: AttendanceStatus.Absent },
        ],
        null,
      );
      return [kept, another];
    });
    let duplicate = '';
    await migrateOver(async () => {
      // Written as the service did before the rule: the same person again, typed differently.
      [{ id: duplicate }] = await t.db.query(
        `INSERT INTO participants (training_id, full_name, sex, position, agency_id, phone, created_at)
         VALUES ($1, ' NOY  keomany', 'female', 'Clerk', $2, '020 5555 1234', now() + interval '1 hour')
         RETURNING id`,
        [training.id, agency.id],
      );
      // Marked after the first record's marks, which the service dated by its Clock.
      const later = new Date(t.get(Clock).now().getTime() + 60 * 60 * 1000);
      await t.db.query(
        `INSERT INTO attendance_marks (participant_id, day, status, recorded_at) VALUES
           ($1, $2, 'present', $4), ($1, $3, 'late', $4)`,
        [duplicate, days[1], days[2], later],
      );
    });

    const participants = await t.db.query(
      `SELECT id, full_name, name_key, phone FROM participants WHERE training_id = $1 ORDER BY full_name`,
      [training.id],
    );
    expect(participants).toEqual([
      { id: first.id, full_name: 'Noy Keomany', name_key: 'noy keomany', phone: '020 5555 1234' },
      { id: other.id, full_name: 'Other Person', name_key: 'other person', phone: null },
    ]);
    const marks = await t.db.query(
      `SELECT day::text, status FROM attendance_marks WHERE participant_id = $1 ORDER BY day`,
      [first.id],
    );
    // Day 1 kept, day 2 the later mark (present over absent), day 3 moved over.
    expect(marks).toEqual([
      { day: days[0], status: 'present' },
      { day: days[1], status: 'present' },
      { day: days[2], status: 'late' },
    ]);
    const [merged] = await t.db.query(
      `SELECT actor_id, before, after FROM audit_log WHERE action = 'participant.merged' AND entity_id = $1`,
      [duplicate],
    );
    expect(merged).toEqual({
      actor_id: null,
      before: { trainingId: training.id, sex: 'female', position: 'Clerk', agencyId: agency.id },
      after: { mergedInto: first.id },
    });
    expect(JSON.stringify(merged)).not.toMatch(/noy|5555/i);
  });
});
