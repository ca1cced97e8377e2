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
import { DEMO_AGENCIES, DEMO_STATUS_CHANGES, DEMO_WORKSHOP_LICENCES } from './demo-agencies';
import { DemoCertificationService } from './demo-certification.service';
import { DEMO_GAP_ANALYSIS, DEMO_WORKSHOP } from './demo-trainings';

/** Loads demo data at start-up when DEMO_DATA is on, through the real services; idempotent on restart. */
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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.get('DEMO_DATA', { infer: true })) return;
    let accounts = 0;
    for (const { role, email, name, password } of DEMO_ACCOUNTS) {
      if (await this.users.createIfMissing({ email, name, password, roles: [role] })) accounts++;
    }
    const agencies = await this.loadAgencies();
    const trainings = await this.loadTrainings();
    const cases = await this.certification.load();
    this.logger.log(
      `Demo data: ${accounts} account(s), ${agencies} agencies, ${trainings} trainings and ${cases} certification cases created`,
    );
  }

  /** The Vientiane IRIS workshop (37 participants from the 24 agencies) and a gap-analysis session. */
  private async loadTrainings(): Promise<number> {
    const trainerEmail = DEMO_ACCOUNTS.find((a) => a.role === Role.Trainer)!.email;
    const trainer = await this.users.findByEmail(trainerEmail);
    if (!trainer) throw new Error(`The demo trainings need the demo trainer ${trainerEmail}`);
    const ids = await this.agencies.idsByLicenceNumber(DEMO_WORKSHOP_LICENCES);
    let created = 0;
    for (const demo of [DEMO_WORKSHOP, DEMO_GAP_ANALYSIS]) {
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

  private async loadAgencies(): Promise<number> {
    let created = 0;
    for (const dto of DEMO_AGENCIES) {
      if ((await this.agencies.idsByLicenceNumber([dto.licenceNumber])).size > 0) continue;
      const agency = await this.agencies.create(dto, null);
      const change = DEMO_STATUS_CHANGES[dto.licenceNumber];
      if (change)
        await this.agencies.changeLicenceStatus(agency.id, { ...change, version: agency.version }, null);
      created++;
    }
    return created;
  }
}
