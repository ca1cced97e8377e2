import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import { assertActiveWithRole } from '../users/active-role';
import { Role } from '../users/role.enum';
import { User } from '../users/user.entity';
import { completes, countBySex, summaryLabel } from './completion';
import { AttendanceMark, Participant } from './participant.entity';
import { requireTrainingAccess } from './training-access';
import { TrainingCompletionRepository } from './training-completion.repository';
import { Training, TrainingDay, TrainingTrainer } from './training.entity';
import { TrainingKind } from './training.enums';
import {
  CreateTrainingDto,
  TrainingQueryDto,
  TrainingResponseDto,
  TrainingsOverviewDto,
  TrainingSummaryDto,
  UpdateTrainingDto,
} from './trainings.dto';
import { Clock } from '../common/clock';

@Injectable()
export class TrainingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly completion: TrainingCompletionRepository,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  create(dto: CreateTrainingDto, actor: Actor | null): Promise<TrainingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const { days, trainerIds, ...fields } = dto;
      // A trainer who creates a training is one of its trainers.
      const trainers = actor?.roles.includes(Role.Trainer)
        ? [...new Set([...trainerIds, actor.id])]
        : trainerIds;
      requireATrainer(trainers);
      await this.assertTrainers(em, trainers);
      const sorted = [...days].sort();
      const training = await em.save(
        em.create(Training, {
          ...fields,
          kind: fields.kind ?? TrainingKind.IrisAwareness,
          startsOn: sorted[0],
        }),
      );
      await em.insert(
        TrainingDay,
        sorted.map((day) => ({ trainingId: training.id, day })),
      );
      await em.insert(
        TrainingTrainer,
        trainers.map((userId) => ({ trainingId: training.id, userId })),
      );
      const response = (await this.describe(em, [training]))[0];
      await this.auditLog.record(em, {
        actor,
        action: 'training.created',
        entityType: 'training',
        entityId: training.id,
        after: response,
      });
      return response;
    });
  }

  update(id: string, dto: UpdateTrainingDto, actor: Actor): Promise<TrainingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const training = await requireTrainingAccess(em, id, actor, { iom: true, lock: true });
      if (training.version !== dto.version) {
        throw new DomainError(
          ErrorCode.StaleVersion,
          `The training was changed by someone else (version ${training.version}); reload it.`,
        );
      }
      const before = (await this.describe(em, [training]))[0];
      const { days, trainerIds, version: _version, ...fields } = dto;
      Object.assign(training, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      if (days) await this.replaceDays(em, training, days);
      if (trainerIds) {
        requireATrainer(trainerIds);
        await this.assertTrainers(em, trainerIds);
        await em.delete(TrainingTrainer, { trainingId: id });
        await em.insert(
          TrainingTrainer,
          trainerIds.map((userId) => ({ trainingId: id, userId })),
        );
      }
      training.updatedAt = this.clock.now(); // a change of days or trainers alone still bumps the version
      await em.save(training);
      const after = (await this.describe(em, [training]))[0];
      await this.auditLog.record(em, {
        actor,
        action: 'training.updated',
        entityType: 'training',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async list(query: TrainingQueryDto) {
    const qb = this.dataSource.getRepository(Training).createQueryBuilder('training');
    if (query.province) qb.andWhere('training.province = :province', { province: query.province });
    if (query.kind) qb.andWhere('training.kind = :kind', { kind: query.kind });
    if (query.from) qb.andWhere('training.startsOn >= :from', { from: query.from });
    qb.orderBy('training.startsOn', 'DESC').addOrderBy('training.id');
    const { items, total } = await pageOf(qb, query);
    return toPage(await this.describe(this.dataSource.manager, items), total, query);
  }

  async requireById(id: string): Promise<TrainingResponseDto> {
    const training = await this.dataSource.getRepository(Training).findOneBy({ id });
    if (!training) throw new NotFoundException(`No training with id ${id}`);
    return (await this.describe(this.dataSource.manager, [training]))[0];
  }

  /** `GET /trainings/{id}/summary`. */
  async summary(id: string): Promise<TrainingSummaryDto> {
    const training = await this.requireById(id);
    const participants = await this.dataSource.getRepository(Participant).findBy({ trainingId: id });
    const completed = await this.completedIds(training.days, participants);
    const bySex = countBySex(participants.map((p) => p.sex));
    const agencies = new Set(participants.map((p) => p.agencyId)).size;
    const rate = participants.length ? completed.size / participants.length : 0;
    return {
      participants: participants.length,
      agencies,
      bySex,
      completed: completed.size,
      completionRate: Math.round(rate * 100) / 100,
      label: summaryLabel(participants.length, bySex.female, agencies),
    };
  }

  /** Across all trainings, for the ministry's and IOM's reports. */
  async overview(): Promise<TrainingsOverviewDto> {
    const [[counts], bySex, agenciesTrainedByProvince] = await Promise.all([
      this.dataSource.query(
        `SELECT (SELECT count(*) FROM trainings)::int AS trainings, count(*)::int AS participants FROM participants`,
      ),
      this.dataSource.query(`SELECT sex, count(*)::int AS n FROM participants GROUP BY sex`),
      this.completion.trainedByProvince(),
    ]);
    const sexes = { female: 0, male: 0, other: 0 };
    for (const { sex, n } of bySex as { sex: keyof typeof sexes; n: number }[]) sexes[sex] = n;
    return { ...counts, bySex: sexes, agenciesTrainedByProvince };
  }

  /** Ids of the participants who completed the training (the pure rule, over all its days). */
  async completedIds(days: string[], participants: Participant[]): Promise<Set<string>> {
    if (participants.length === 0) return new Set();
    const marks = await this.dataSource
      .getRepository(AttendanceMark)
      .createQueryBuilder('m')
      .where('m.participantId = ANY(:ids)', { ids: participants.map((p) => p.id) })
      .getMany();
    const byParticipant = new Map<string, Map<string, AttendanceMark['status']>>();
    for (const mark of marks) {
      if (!byParticipant.has(mark.participantId)) byParticipant.set(mark.participantId, new Map());
      byParticipant.get(mark.participantId)!.set(mark.day, mark.status);
    }
    const share = this.completion.share;
    return new Set(
      participants
        .filter((p) => completes(byParticipant.get(p.id) ?? new Map(), days, share))
        .map((p) => p.id),
    );
  }

  /** Days and trainers for a page of trainings: two queries, whatever the page size. */
  private async describe(em: EntityManager, trainings: Training[]): Promise<TrainingResponseDto[]> {
    const ids = trainings.map((t) => t.id);
    if (ids.length === 0) return [];
    // One after another: inside a transaction the queries share one connection.
    const days = await em.find(TrainingDay, { where: { trainingId: In(ids) }, order: { day: 'ASC' } });
    const trainers = await em
      .createQueryBuilder(TrainingTrainer, 'tt')
      .innerJoin(User, 'user', 'user.id = tt.userId')
      .select(['tt.trainingId AS "trainingId"', 'user.id AS id', 'user.name AS name'])
      .where('tt.trainingId IN (:...ids)', { ids })
      .orderBy('user.name')
      .getRawMany<{ trainingId: string; id: string; name: string }>();
    return trainings.map((t) => ({
      id: t.id,
      title: t.title,
      venue: t.venue,
      province: t.province,
      organiser: t.organiser,
      fundingProgramme: t.fundingProgramme,
      kind: t.kind,
      days: days.filter((d) => d.trainingId === t.id).map((d) => d.day),
      trainers: trainers.filter((tr) => tr.trainingId === t.id).map(({ id, name }) => ({ id, name })),
      version: t.version,
    }));
  }

  private async replaceDays(em: EntityManager, training: Training, days: string[]): Promise<void> {
    const marked: { day: string }[] = await em.query(
      `SELECT DISTINCT m.day::text AS day FROM attendance_marks m JOIN participants p ON p.id = m.participant_id
       WHERE p.training_id = $1 AND NOT (m.day::text = ANY($2::text[]))`,
      [training.id, days],
    );
    if (marked.length) {
      throw new DomainError(
        ErrorCode.Conflict,
        `Attendance is recorded on ${marked.map((m) => m.day).join(', ')}: keep those days.`,
      );
    }
    await em.delete(TrainingDay, { trainingId: training.id });
    const sorted = [...days].sort();
    await em.insert(
      TrainingDay,
      sorted.map((day) => ({ trainingId: training.id, day })),
    );
    training.startsOn = sorted[0];
  }

  private assertTrainers(em: EntityManager, userIds: string[]): Promise<void> {
    return assertActiveWithRole(em, Role.Trainer, 'trainerIds', userIds);
  }
}

/** docs/trainings.md: only a training's trainers record attendance, so a training needs one. */
function requireATrainer(trainerIds: string[]): void {
  if (trainerIds.length === 0) {
    throw new ValidationFailedException([
      {
        field: 'trainerIds',
        message: 'a training needs at least one trainer: only its trainers can record attendance',
      },
    ]);
  }
}
