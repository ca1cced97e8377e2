import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CreateAgencyDto } from '../../src/agencies/agencies.dto';
import { AgenciesService } from '../../src/agencies/agencies.service';
import { AuthService } from '../../src/auth/auth.service';
import { AuditsService } from '../../src/certification/audits.service';
import { CasesService } from '../../src/certification/cases.service';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { CaseResponseDto } from '../../src/certification/certification.dto';
import { AuditType, FindingSeverity } from '../../src/certification/certification.enums';
import { FindingsService } from '../../src/certification/findings.service';
import type { Actor } from '../../src/common/auth.decorators';
import { Clock } from '../../src/common/clock';
import { addDays, addMonths } from '../../src/common/lao-calendar';
import { AttendanceService } from '../../src/trainings/attendance.service';
import { CreateTrainingDto } from '../../src/trainings/trainings.dto';
import { TrainingsService } from '../../src/trainings/trainings.service';
import { AttendanceStatus, Sex } from '../../src/trainings/training.enums';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/role';
import { CreateUserDto, UserResponseDto } from '../../src/users/users.dto';
import { UsersService } from '../../src/users/users.service';

export const PASSWORD = 'a-long-test-password';

/**
 * Factories that go through the real services, with partial overrides. Every date is counted from the
 * app's Clock (TEST_TODAY moves it), so what they build reads the same on any day.
 */
export class Fixtures {
  private trainer?: Promise<UserResponseDto>;
  private staff?: Promise<Actor>;
  private agencies = 0;

  constructor(private readonly app: INestApplicationContext) {}

  /** The Lao day `offset` days from the app's today. */
  private day(offset = 0): string {
    return addDays(this.app.get(Clock).today(), offset);
  }

  user(overrides: Partial<CreateUserDto> = {}): Promise<UserResponseDto> {
    const suffix = randomBytes(4).toString('hex');
    return this.app.get(UsersService).create(
      {
        email: `user-${suffix}@example.la`,
        name: `Test User ${suffix}`,
        password: PASSWORD,
        roles: [Role.Ministry],
        ...overrides,
      },
      null,
    );
  }

  /**
   * A valid `POST /agencies` body with a fresh licence number: a five-year licence issued two years
   * before today, so active for three more years.
   */
  agencyBody(overrides: Partial<CreateAgencyDto> = {}): CreateAgencyDto {
    const n = ++this.agencies;
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const issuedOn = addMonths(this.day(), -24);
    return {
      licenceNumber: `T-${tag}-${n}`,
      nameLo: `ບໍລິສັດ ທົດສອບ ${n} ຈຳກັດ`,
      nameEn: `Test Agency ${tag} Co., Ltd.`,
      licenceIssuedOn: issuedOn,
      licenceExpiresOn: addDays(addMonths(issuedOn, 60), -1),
      province: 'LA-VT',
      district: 'Xaysetha',
      address: 'Ban Phonxay, Unit 12',
      phone: '+856 21 415 678',
      email: 'office@test-agency.la',
      destinationCountries: ['TH'],
      contactPerson: 'Khamla Vongsa',
      ...overrides,
    };
  }

  /** A registered agency; the body is what `POST /agencies` would take. */
  agency(overrides: Partial<CreateAgencyDto> = {}) {
    return this.app.get(AgenciesService).create(this.agencyBody(overrides), null);
  }

  /** An agency one of whose staff completed an IRIS training (a one-day workshop 40 days ago, present). */
  async trainedAgency(overrides: Partial<CreateAgencyDto> = {}) {
    const agency = await this.agency(overrides);
    const day = this.day(-40);
    const training = await this.training({ title: `IRIS training for ${agency.nameEn}`, days: [day] });
    const attendance = this.app.get(AttendanceService);
    await this.app.get(DataSource).transaction(async (em) => {
      const person = { fullName: 'Staff Member', sex: Sex.Female, position: 'Manager', agencyId: agency.id };
      const participant = await attendance.insertParticipant(em, training.id, person, null);
      await attendance.upsertMarks(
        em,
        training.id,
        [{ participantId: participant.id, day, status: AttendanceStatus.Present }],
        null,
      );
    });
    return agency;
  }

  /** A training, as IOM would create it, run by this file's trainer unless `trainerIds` says who. */
  async training(overrides: Partial<CreateTrainingDto> = {}) {
    // One trainer for all: a user costs an Argon2 hash, and a case walk creates many trainings.
    this.trainer ??= this.user({ name: 'Fixture Trainer', roles: [Role.Trainer] });
    const trainerIds = overrides.trainerIds ?? [(await this.trainer).id];
    return this.app.get(TrainingsService).create(
      {
        title: 'IRIS ethical recruitment training',
        venue: 'Lao Plaza Hotel',
        province: 'LA-VT',
        organiser: 'IOM',
        days: [this.day()],
        ...overrides,
        trainerIds,
      },
      null,
    );
  }

  /**
   * A case for a new trained agency, walked through the real services to `stage` by `auditor` (an
   * auditor user, assigned to the case): certified today after a stage-2 audit conducted 27 days ago;
   * suspended after a major finding at a surveillance audit today.
   */
  async caseIn(stage: Stage, auditor: UserResponseDto): Promise<CaseResponseDto> {
    // One ministry official opens them all: a user costs an Argon2 hash.
    this.staff ??= this.actor(Role.Ministry);
    const staff = await this.staff;
    const agency = await this.trainedAgency();
    const cases = this.app.get(CasesService);
    let current = await cases.open({ agencyId: agency.id, auditorIds: [auditor.id] }, staff);
    const as = { ...auditor, requestId: '' } as Actor;
    const move = async (to: Stage, reason = `to ${to}`) =>
      (current = await cases.move(current.id, { to, reason, version: current.version }, as));
    const path: Record<string, Stage[]> = {
      [Stage.CapacityBuilding]: [],
      [Stage.Applied]: [Stage.Applied],
      [Stage.Audit]: [Stage.Applied, Stage.Audit],
      [Stage.CorrectiveAction]: [Stage.Applied, Stage.Audit, Stage.CorrectiveAction],
      [Stage.Certified]: [Stage.Applied, Stage.Audit],
      [Stage.Suspended]: [Stage.Applied, Stage.Audit],
      [Stage.Withdrawn]: [Stage.Applied, Stage.Audit],
      [Stage.Closed]: [Stage.Closed],
    };
    for (const to of path[stage]) await move(to);
    if (stage === Stage.Certified || stage === Stage.Suspended || stage === Stage.Withdrawn) {
      await this.audit(current.id, as, AuditType.Stage2, this.day(-27));
      await move(Stage.Certified);
    }
    if (stage === Stage.Suspended) {
      const surveillance = await this.audit(current.id, as, AuditType.Surveillance, this.day());
      await this.app
        .get(FindingsService)
        .create(
          surveillance.id,
          { criterion: 'A.2', severity: FindingSeverity.Major, description: 'Passports were withheld.' },
          as,
        );
      await move(Stage.Suspended, 'A worker was charged a recruitment fee');
    }
    if (stage === Stage.Withdrawn) await move(Stage.Withdrawn, 'The agency asked to leave the scheme');
    return current;
  }

  /**
   * One record of each kind an object rule guards: a case certified by `auditor` (its stage-2 audit and
   * a minor finding), and a training run by `trainer` on `days` with one participant of the case's
   * agency, marked present today when `marked`.
   */
  async guardedRecords(
    trainer: UserResponseDto,
    auditor: UserResponseDto,
    { days = [this.day()], marked = false, participantName = 'Fixture Participant' } = {},
  ) {
    const kase = await this.caseIn(Stage.Certified, auditor);
    const training = await this.training({ trainerIds: [trainer.id], days });
    const attendance = this.app.get(AttendanceService);
    const db = this.app.get(DataSource);
    const participant = await db.transaction(async (em) => {
      const added = await attendance.insertParticipant(
        em,
        training.id,
        { fullName: participantName, sex: Sex.Female, position: 'Clerk', agencyId: kase.agency.id },
        null,
      );
      if (marked) {
        await attendance.upsertMarks(
          em,
          training.id,
          [{ participantId: added.id, day: this.day(), status: AttendanceStatus.Present }],
          null,
        );
      }
      return added;
    });
    const [audit]: { id: string }[] = await db.query(`SELECT id FROM audits WHERE case_id = $1`, [kase.id]);
    const finding = await this.app
      .get(FindingsService)
      .create(
        audit.id,
        { criterion: 'A.1', severity: FindingSeverity.Minor, description: 'A contract was not translated.' },
        { ...auditor, requestId: '' } as Actor,
      );
    return { kase, training, participant, audit, finding };
  }

  /** A conducted audit of `caseId`, by `auditor`. */
  async audit(caseId: string, auditor: Actor, type: AuditType, conductedOn: string) {
    const audits = this.app.get(AuditsService);
    const audit = await audits.create(caseId, { type, plannedOn: conductedOn }, auditor);
    return audits.update(audit.id, { conductedOn, version: audit.version }, auditor);
  }

  /** A user with `role`, as the services' actor. */
  async actor(role: Role): Promise<Actor> {
    return { ...(await this.user({ roles: [role] })), requestId: '' } as Actor;
  }

  /** A bearer token for a new user with `roles`, minted as login would. */
  async tokenFor(...roles: Role[]): Promise<string> {
    return (await this.signIn(roles)).token;
  }

  async signIn(roles: Role[]): Promise<{ token: string; user: UserResponseDto }> {
    const user = await this.user({ roles });
    const { accessToken } = await this.app.get(AuthService).issueToken(user);
    return { token: accessToken, user };
  }
}
