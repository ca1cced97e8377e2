import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { ValidationFailedException } from '../common/errors';
import { AttendanceMark, Participant } from './participant.entity';
import {
  AttendanceDto,
  CreateParticipantDto,
  MarkDto,
  ParticipantDto,
  ParticipantListDto,
  toParticipantDto,
  toRecordedMark,
} from './participants.dto';
import { requireTrainingAccess } from './training-access';
import { TrainingDay } from './training.entity';
import { TrainingsService } from './trainings.service';

/** The audit log keeps who and which agency, never a participant's name, phone or e-mail. */
export const participantAuditView = ({ trainingId, sex, position, agencyId }: Participant) => ({
  trainingId,
  sex,
  position,
  agencyId,
});

@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trainings: TrainingsService,
    private readonly agencies: AgenciesService,
    private readonly auditLog: AuditLogService,
  ) {}

  addParticipant(trainingId: string, dto: CreateParticipantDto, actor: Actor): Promise<ParticipantDto> {
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: true });
      await this.agencies.assertExists(dto.agencyId, 'agencyId');
      const participant = await this.insertParticipant(em, trainingId, dto, actor);
      return toParticipantDto(participant, false);
    });
  }

  async insertParticipant(
    em: EntityManager,
    trainingId: string,
    dto: CreateParticipantDto,
    actor: Actor | null,
  ) {
    return (await this.insertParticipants(em, trainingId, [dto], actor))[0];
  }

  /** Many participants in multi-row INSERTs, with their audit entries (sign-in sheets of thousands of rows). */
  async insertParticipants(
    em: EntityManager,
    trainingId: string,
    dtos: CreateParticipantDto[],
    actor: Actor | null,
  ) {
    const participants = await em.save(
      dtos.map((dto) =>
        em.create(Participant, { ...dto, trainingId, phone: dto.phone ?? null, email: dto.email ?? null }),
      ),
      { chunk: 500 },
    );
    await this.auditLog.recordAll(
      em,
      participants.map((participant) => ({
        actor,
        action: 'participant.created',
        entityType: 'participant',
        entityId: participant.id,
        after: participantAuditView(participant),
      })),
    );
    return participants;
  }

  /** Applies a sign-in sheet's fields to a participant; false when nothing changed. */
  async updateParticipant(
    em: EntityManager,
    participant: Participant,
    dto: CreateParticipantDto,
    actor: Actor | null,
  ) {
    const next = { sex: dto.sex, position: dto.position, phone: dto.phone ?? null, email: dto.email ?? null };
    const changed = (Object.keys(next) as (keyof typeof next)[]).some(
      (key) => participant[key] !== next[key],
    );
    if (!changed) return false;
    const before = participantAuditView(participant);
    Object.assign(participant, next);
    await em.save(participant);
    await this.auditLog.record(em, {
      actor,
      action: 'participant.updated',
      entityType: 'participant',
      entityId: participant.id,
      before,
      after: participantAuditView(participant),
    });
    return true;
  }

  async listParticipants(trainingId: string, actor: Actor): Promise<ParticipantListDto> {
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: true });
    const days = await this.days(this.dataSource.manager, trainingId);
    const participants = await this.dataSource
      .getRepository(Participant)
      .find({ where: { trainingId }, order: { fullName: 'ASC', id: 'ASC' } });
    const completed = await this.trainings.completedIds(days, participants);
    return { items: participants.map((p) => toParticipantDto(p, completed.has(p.id))) };
  }

  /** SPEC contract `PUT /trainings/{id}/attendance`: an idempotent upsert of many marks in one transaction. */
  putMarks(trainingId: string, marks: MarkDto[], actor: Actor): Promise<AttendanceDto> {
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: false, lock: true });
      await this.upsertMarks(em, trainingId, marks, actor);
      return this.marksOf(em, trainingId);
    });
  }

  async getMarks(trainingId: string, actor: Actor): Promise<AttendanceDto> {
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: true });
    return this.marksOf(this.dataSource.manager, trainingId);
  }

  /** Refuses, before writing anything, a day outside the training or a participant of another one. */
  async upsertMarks(
    em: EntityManager,
    trainingId: string,
    marks: MarkDto[],
    actor: Actor | null,
  ): Promise<void> {
    const days = new Set(await this.days(em, trainingId));
    const ids = [...new Set(marks.map((m) => m.participantId))];
    const ours = new Set(
      (
        await em
          .createQueryBuilder(Participant, 'p')
          .select('p.id')
          .where('p.id = ANY(:ids) AND p.trainingId = :trainingId', { ids, trainingId })
          .getMany()
      ).map((p) => p.id),
    );
    const errors = marks.flatMap((mark, i) => [
      ...(days.has(mark.day)
        ? []
        : [{ field: `marks[${i}].day`, message: `${mark.day} is not a day of this training` }]),
      ...(ours.has(mark.participantId)
        ? []
        : [{ field: `marks[${i}].participantId`, message: 'not a participant of this training' }]),
    ]);
    if (errors.length)
      throw new ValidationFailedException(
        errors,
        'Some marks do not belong to this training; none were recorded.',
      );
    const recordedAt = new Date();
    // One array parameter, not one per id: a large sheet would pass PostgreSQL's 65,535-parameter limit.
    const before = await em
      .createQueryBuilder(AttendanceMark, 'm')
      .where('m.participantId = ANY(:ids)', { ids })
      .getMany();
    const previous = new Map(before.map((m) => [`${m.participantId}|${m.day}`, m.status]));
    const changed = marks.filter((m) => previous.get(`${m.participantId}|${m.day}`) !== m.status);
    if (changed.length === 0) return;
    for (let i = 0; i < changed.length; i += 2000) {
      await em
        .createQueryBuilder()
        .insert()
        .into(AttendanceMark)
        .values(changed.slice(i, i + 2000).map((m) => ({ ...m, recordedBy: actor?.id ?? null, recordedAt })))
        .orUpdate(['status', 'recorded_by', 'recorded_at'], ['participant_id', 'day'])
        .execute();
    }
    await this.auditLog.recordAll(
      em,
      changed.map((m) => ({
        actor,
        action: 'attendance.marked',
        entityType: 'participant',
        entityId: m.participantId,
        before: previous.has(`${m.participantId}|${m.day}`)
          ? { day: m.day, status: previous.get(`${m.participantId}|${m.day}`) }
          : null,
        after: { day: m.day, status: m.status },
      })),
    );
  }

  async days(em: EntityManager, trainingId: string): Promise<string[]> {
    return (await em.find(TrainingDay, { where: { trainingId }, order: { day: 'ASC' } })).map((d) => d.day);
  }

  private async marksOf(em: EntityManager, trainingId: string): Promise<AttendanceDto> {
    const marks = await em
      .createQueryBuilder(AttendanceMark, 'mark')
      .innerJoin(Participant, 'participant', 'participant.id = mark.participantId')
      .where('participant.trainingId = :trainingId', { trainingId })
      .orderBy('mark.day')
      .addOrderBy('participant.fullName')
      .getMany();
    return { items: marks.map(toRecordedMark) };
  }
}
