import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { AppConfig } from '../config/config';
import { AttendanceService } from '../trainings/attendance.service';
import { Training } from '../trainings/training.entity';
import { TrainingsService } from '../trainings/trainings.service';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { Clock } from '../common/clock';
import { DEMO_WORKSHOP_LICENCES, demoAgencies } from './demo-agencies';
import { DemoCertificationService } from './demo-certification.service';
import { DemoDates } from './demo-dates';
import { demoGapAnalysis, demoWorkshop } from './demo-trainings';

/**
 * Loads demo data at start-up when DEMO_DATA is on, through the real services; idempotent on restart.
 * Its dates are counted back from the Clock's today when it first loads, so it reads alike on any day.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
    private readonly trainings: TrainingsService,
    private readonly attendance: AttendanceService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly certification: DemoCertificationService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('DEMO_DATA', { infer: true })) return;
    let accounts = 0;
    for (const { role, email, name, password } of DEMO_ACCOUNTS) {
      if (await this.users.createIfMissing({ email, name, password, roles: [role] })) accounts++;
    }
    const dates = new DemoDates(this.clock.today());
    const agencies = await this.loadAgencies(dates);
    const trainings = await this.loadTrainings(dates);
    const cases = await this.certification.load();
    this.logger.log(
      `Demo data: ${accounts} account(s), ${agencies} agencies, ${trainings} trainings and ${cases} certification cases created`,
    );
  }

  /** The Vientiane IRIS workshop (37 participants from the 24 agencies) and a gap-analysis session. */
  private async loadTrainings(dates: DemoDates): Promise<number> {
    const trainerEmail = DEMO_ACCOUNTS.find((a) => a.role === Role.Trainer)!.email;
    const trainer = await this.users.findByEmail(trainerEmail);
    if (!trainer) throw new Error(`The demo trainings need the demo trainer ${trainerEmail}`);
    const ids = await this.agencies.idsByLicenceNumber(DEMO_WORKSHOP_LICENCES);
    let created = 0;
    for (const demo of [demoWorkshop(dates), demoGapAnalysis(dates)]) {
      if (await this.dataSource.getRepository(Training).existsBy({ title: demo.training.title })) continue;
      const training = await this.trainings.create({ ...demo.training, trainerIds: [trainer.id] }, null);
      await this.dataSource.transaction(async (em) => {
        const marks = [];
        for (const { agencyIndex, marks: statuses, ...person } of demo.participants) {
          const agencyId = ids.get(DEMO_WORKSHOP_LICENCES[agencyIndex]) as string;
          const participant = await this.attendance.insertParticipant(
            em,
            training.id,
            { ...person, agencyId },
            null,
          );
          marks.push(
            ...statuses.map((status, d) => ({
              participantId: participant.id,
              day: training.days[d],
              status,
            })),
          );
        }
        await this.attendance.upsertMarks(em, training.id, marks, null);
      });
      created++;
    }
    return created;
  }

  private async loadAgencies(dates: DemoDates): Promise<number> {
    const { agencies, statusChanges } = demoAgencies(dates);
    let created = 0;
    for (const dto of agencies) {
      if ((await this.agencies.idsByLicenceNumber([dto.licenceNumber])).size > 0) continue;
      const agency = await this.agencies.create(dto, null);
      const change = statusChanges[dto.licenceNumber];
      if (change)
        await this.agencies.changeLicenceStatus(agency.id, { ...change, version: agency.version }, null);
      created++;
    }
    return created;
  }
}
