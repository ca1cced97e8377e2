import { AgenciesService } from '../../src/agencies/agencies.service';
import { CasesService } from '../../src/certification/cases.service';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import type { Actor } from '../../src/common/auth.decorators';
import { ErrorCode } from '../../src/common/errors';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { AttendanceStatus as Mark, Sex } from '../../src/trainings/training.enums';
import { TrainingsService } from '../../src/trainings/trainings.service';
import { Role } from '../../src/common/role';
import { createTestServices, type TestServices } from '../utils/services';

/**
 * Completion counts every day of a training (docs/trainings.md): the training's summary, the agency's
 * `trainedOn` (computed in SQL) and the certification guard must agree on who completed.
 */
describe('Training completion over all of a training’s days', () => {
  let t: TestServices;
  let trainer: Actor;
  let ministry: Actor;

  beforeAll(async () => {
    t = await createTestServices();
    trainer = await t.fx.actor(Role.Trainer);
    ministry = await t.fx.actor(Role.Ministry);
  });
  afterAll(() => t.close());

  /** One participant of a new agency in a new training on `days`, and a way to mark them. */
  const oneParticipant = async (days: string[], agencyId?: string) => {
    const agency = agencyId ?? (await t.fx.agency()).id;
    const training = await t.fx.training({ days, trainerIds: [trainer.id] });
    const person = { fullName: 'Noy Sisavath', sex: Sex.Female, position: 'Clerk', agencyId: agency };
    const participant = await t.get(AttendanceService).addParticipant(training.id, person, trainer);
    const mark = (day: string, status: Mark) =>
      t
        .get(AttendanceService)
        .putMarks(training.id, [{ participantId: participant.id, day, status }], trainer);
    const standing = async () => ({
      completed: (await t.get(TrainingsService).summary(training.id)).completed,
      trainedOn: (await t.get(AgenciesService).get(agency)).trainedOn,
    });
    return { agencyId: agency, mark, standing };
  };

  it('counts a day not marked yet as not attended; present and late attend, excused and absent do not', async () => {
    const days = [t.day(-12), t.day(-11)];
    const { mark, standing } = await oneParticipant(days);
    await mark(days[0], Mark.Present);
    expect(await standing()).toEqual({ completed: 0, trainedOn: null });
    await mark(days[1], Mark.Late);
    expect(await standing()).toEqual({ completed: 1, trainedOn: days[1] });
    for (const status of [Mark.Excused, Mark.Absent]) {
      await mark(days[1], status);
      expect({ status, ...(await standing()) }).toEqual({ status, completed: 0, trainedOn: null });
    }
  });

  it('dates an agency’s training by the last day of the first training its staff completed', async () => {
    const first = [t.day(-90), t.day(-89), t.day(-88)];
    const earlier = await oneParticipant(first);
    for (const day of first) await earlier.mark(day, Mark.Present);
    const later = await oneParticipant([t.day(-5)], earlier.agencyId);
    await later.mark(t.day(-5), Mark.Present);
    expect((await later.standing()).trainedOn).toBe(first[2]);
  });

  it('lets a case apply only once a member of the agency’s staff completed a training', async () => {
    const days = [t.day(-3), t.day(-2)];
    const { agencyId, mark } = await oneParticipant(days);
    const auditor = await t.fx.user({ roles: [Role.Auditor] });
    const cases = t.get(CasesService);
    const c = await cases.open({ agencyId, auditorIds: [auditor.id] }, ministry);
    await mark(days[0], Mark.Present);
    await expect(cases.move(c.id, { to: Stage.Applied, version: c.version }, ministry)).rejects.toMatchObject(
      {
        code: ErrorCode.CaseGuardFailed,
        errors: [{ field: 'to', message: 'no staff of this agency completed an IRIS training' }],
      },
    );
    await mark(days[1], Mark.Present);
    expect(await cases.move(c.id, { to: Stage.Applied, version: c.version }, ministry)).toMatchObject({
      stage: 'applied',
    });
  });
});
