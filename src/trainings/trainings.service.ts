import { Injectable, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import { assertActiveWithRole } from '../users/active-role';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
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
import { applyPatch, assertVersion } from '../common/versions';

@Injectable()
export class TrainingsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly completion: TrainingCompletionRepository,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
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
      assertVersion(training, dto.version, 'training');
      const before = (await this.describe(em, [training]))[0];
      const { days, trainerIds, version: _version, ...fields } = dto;
      applyPatch(training, fields);
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
      // Other days or another kind of training can change who completed an IRIS training.
      if (days || (fields.kind && fields.kind !== before.kind)) await this.refreshAgenciesOf(em, id);
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
    if (query.to) qb.andWhere('training.startsOn <= :to', { to: query.to });
    if (query.trainerId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM training_trainers tt WHERE tt.training_id = training.id AND tt.user_id = :trainerId)',
        { trainerId: query.trainerId },
      );
    }
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

  /** The share of a training's days a participant must attend to complete it (TRAINING_COMPLETION_SHARE). */
  get completionShare(): number {
    return this.completion.share;
  }

  /** agencyId → the last day of the first IRIS training one of its staff completed; absent when untrained. */
  trainedOn(agencyIds: string[], em?: EntityManager): Promise<Map<string, string>> {
    return this.completion.trainedOn(agencyIds, em);
  }

  /**
   * Keeps each agency's `trainedOn` in the register in step with attendance: called, in the same
   * transaction, after anything that can change who completed a training.
   */
  async refreshTrainedOn(em: EntityManager, agencyIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(agencyIds)];
    if (ids.length === 0) return;
    const trained = await this.completion.trainedOn(ids, em);
    await this.agencies.recordTrainedOn(em, new Map(ids.map((id) => [id, trained.get(id) ?? null])));
  }

  private async refreshAgenciesOf(em: EntityManager, trainingId: string): Promise<void> {
    const agencies: { id: string }[] = await em.query(
      `SELECT DISTINCT agency_id AS id FROM participants WHERE training_id = $1`,
      [trainingId],
    );
    await this.refreshTrainedOn(
      em,
      agencies.map((agency) => agency.id),
    );
  }

  /**
   * Every agency's `trainedOn`, recomputed once at start-up: the completion share is a setting, and a
   * new share changes who completed what.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Replicas starting together: one recomputes, the others find it done.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('trainings.trained-on'))`);
      const trained = await this.completion.trainedOn(undefined, em);
      const untrained: { id: string }[] = await em.query(
        `SELECT id FROM agencies WHERE trained_on IS NOT NULL AND NOT (id = ANY($1::uuid[]))`,
        [[...trained.keys()]],
      );
      await this.agencies.recordTrainedOn(
        em,
        new Map([...trained, ...untrained.map(({ id }) => [id, null] as const)]),
      );
    });
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
    const assigned = await em.find(TrainingTrainer, { where: { trainingId: In(ids) } });
    const names = await this.users.namesOf(
      assigned.map((trainer) => trainer.userId),
      em,
    );
    const trainers = assigned
      .map(({ trainingId, userId }) => ({ trainingId, id: userId, name: names.get(userId) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return trainings.map((t) => ({
      id: t.id,
      title: t.title,
      titleLo: t.titleLo,
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
