import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import type { UserResponseDto } from '../../src/users/users.dto';
import { createTestApp, type TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';

/**
 * Requests that race on the same records, on the real PostgreSQL: nothing acknowledged is lost, nothing
 * is written twice, and a loser hears 409, never a 500. Elsewhere: 20 concurrent certifications get
 * gapless numbers (certificates.e2e-spec.ts); overlapping agency imports in the same and in opposite row
 * orders both apply (agency-import.e2e-spec.ts); two trainers' taps on one day in the console
 * (console-trainings.e2e-spec.ts).
 */
describe('concurrent requests', () => {
  let t: TestApp;
  let trainers: { token: string; user: UserResponseDto }[];
  let auditor: { token: string; user: UserResponseDto };

  beforeAll(async () => {
    t = await createTestApp();
    trainers = [await t.fx.signIn([Role.Trainer]), await t.fx.signIn([Role.Trainer])];
    auditor = await t.fx.signIn([Role.Auditor]);
  });
  afterAll(() => t.close());

  describe('attendance on one day, marked by two trainers at once', () => {
    let trainingId: string;
    let day: string;
    let people: string[];

    beforeAll(async () => {
      day = t.today();
      const agency = await t.fx.agency();
      const training = await t.fx.training({ days: [day], trainerIds: trainers.map((tr) => tr.user.id) });
      trainingId = training.id;
      people = [];
      for (let i = 0; i < 20; i++) {
        const res = await as(t.http, trainers[i % 2].token)
          .post(`/trainings/${trainingId}/participants`)
          .send({
            fullName: `Racer Number ${i}`,
            sex: i % 2 ? 'male' : 'female',
            position: 'Recruitment officer',
            agencyId: agency.id,
          })
          .expect(201);
        people.push(res.body.id);
      }
    }, 120_000);

    const marks = async () =>
      (await t.db.query(
        `SELECT participant_id AS id, status FROM attendance_marks WHERE day = $1 AND participant_id = ANY($2::uuid[])`,
        [day, people],
      )) as { id: string; status: string }[];

    it('keeps all 20 marks sent one a request, ten by each trainer', async () => {
      const answers = await Promise.all(
        people.map((id, i) =>
          as(t.http, trainers[i % 2].token)
            .put(`/trainings/${trainingId}/attendance`)
            .send({ marks: [{ participantId: id, day, status: i % 3 ? 'present' : 'late' }] }),
        ),
      );
      expect(answers.map((res) => res.status)).toEqual(people.map(() => 200));
      const saved = await marks();
      expect(saved).toHaveLength(20);
      expect(Object.fromEntries(saved.map((m) => [m.id, m.status]))).toEqual(
        Object.fromEntries(people.map((id, i) => [id, i % 3 ? 'present' : 'late'])),
      );
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'attendance.marked' AND entity_id = ANY($1::text[])`,
        [people],
      );
      expect(n).toBe(20);
    });

    it('applies whole sheets sent in opposite orders without a deadlock: one mark each, from one sheet', async () => {
      // Ten rounds of the two trainers each saving the whole day, one from the top, one from the bottom.
      const sheet = (status: string) => people.map((participantId) => ({ participantId, day, status }));
      const rounds = Array.from({ length: 10 }, () => [
        as(t.http, trainers[0].token)
          .put(`/trainings/${trainingId}/attendance`)
          .send({ marks: sheet('absent') }),
        as(t.http, trainers[1].token)
          .put(`/trainings/${trainingId}/attendance`)
          .send({ marks: sheet('excused').reverse() }),
      ]).flat();
      const answers = await Promise.all(rounds);
      expect(answers.map((res) => res.status)).toEqual(rounds.map(() => 200));
      const saved = await marks();
      expect(saved).toHaveLength(20);
      // Each request is one transaction: the day ends as one trainer's whole sheet, never a mix.
      expect(new Set(saved.map((m) => m.status)).size).toBe(1);
      expect(['absent', 'excused']).toContain(saved[0].status);
    });
  });

  describe('20 moves of one case at once', () => {
    it('lets exactly one win; the other 19 get 409, and the history has one move', async () => {
      const c = await t.fx.caseIn(Stage.Applied, auditor.user);
      const targets = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'audit' : 'closed'));
      const answers = await Promise.all(
        targets.map((to) =>
          as(t.http, auditor.token)
            .post(`/certifications/${c.id}/transitions`)
            .send({ to, reason: `Race to ${to}`, version: c.version }),
        ),
      );
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const loser of answers.filter((res) => res.status === 409)) expectProblem(loser, 409);
      const winner = answers.find((res) => res.status === 200)!;

      const after = (await as(t.http, auditor.token).get(`/certifications/${c.id}`).expect(200)).body;
      expect(after).toMatchObject({ stage: winner.body.stage, version: c.version + 1 });
      const history = await t.db.query(
        `SELECT to_stage FROM certification_transitions WHERE case_id = $1 AND from_stage = 'applied'`,
        [c.id],
      );
      expect(history).toEqual([{ to_stage: winner.body.stage }]);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = $2`,
        [c.id, `certification.${winner.body.stage}`],
      );
      expect(n).toBe(1);
    });
  });
});
