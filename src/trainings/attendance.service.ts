import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import { PageQueryDto } from '../common/pagination.dto';
import { participantNameKey } from './participant-name';
import { AttendanceMark, Participant } from './participant.entity';
import {
  AttendanceDto,
  CreateParticipantDto,
  MarkDto,
  ParticipantDto,
  toParticipantDto,
  toRecordedMark,
} from './participants.dto';
import { requireTrainingAccess } from './training-access';
import { TrainingDay } from './training.entity';
import { AttendanceStatus } from './training.enums';
import { TrainingsService } from './trainings.service';
import { Clock } from '../common/clock';

/** Rows per statement of the bulk writes (sign-in sheets of thousands of rows). */
const ROWS_PER_STATEMENT = 1000;

/** `SELECT` or `RETURNING` items for a Participant as a plain row, named as the entity's properties. */
const PARTICIPANT_COLUMNS = `p.id, p.training_id AS "trainingId", p.full_name AS "fullName", p.name_key AS "nameKey",
  p.sex, p.position, p.agency_id AS "agencyId", p.phone, p.email, p.created_at AS "createdAt",
  p.updated_at AS "updatedAt"`;

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
    private readonly clock: Clock,
  ) {}

  addParticipant(trainingId: string, dto: CreateParticipantDto, actor: Actor): Promise<ParticipantDto> {
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: true });
      await this.agencies.require(dto.agencyId, { em, field: 'agencyId' });
      await this.assertNewParticipant(em, trainingId, dto);
      const participant = await this.insertParticipant(em, trainingId, dto, actor);
      return toParticipantDto(participant, false);
    });
  }

  /**
   * Someone who walks in on a day of the training: added and marked present in one transaction, so a
   * refused mark (IOM staff may add participants but not take attendance) adds nobody either.
   */
  addWalkIn(
    trainingId: string,
    dto: CreateParticipantDto,
    day: string,
    actor: Actor,
  ): Promise<ParticipantDto> {
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: false, lock: true });
      await this.agencies.require(dto.agencyId, { em, field: 'agencyId' });
      await this.assertNewParticipant(em, trainingId, dto);
      const participant = await this.insertParticipant(em, trainingId, dto, actor);
      await this.upsertMarks(
        em,
        trainingId,
        [{ participantId: participant.id, day, status: AttendanceStatus.Present }],
        actor,
      );
      return toParticipantDto(participant, false);
    });
  }

  /**
   * A participant's sex, position and contacts, corrected (the console's edit form). Name and agency are
   * who they are: a different person is a new participant. A blank phone or e-mail keeps what is stored.
   */
  updateParticipant(
    trainingId: string,
    participantId: string,
    dto: CreateParticipantDto,
    actor: Actor,
  ): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: true });
      const participant = await em.findOneBy(Participant, { id: participantId, trainingId });
      if (!participant) throw new NotFoundException(`No participant ${participantId} in this training`);
      await this.updateParticipants(em, [{ participant, dto }], actor);
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

  /**
   * Many participants with their audit entries (sign-in sheets of thousands of rows): a thousand rows a
   * statement, read back as plain rows, in the order given.
   */
  async insertParticipants(
    em: EntityManager,
    trainingId: string,
    dtos: CreateParticipantDto[],
    actor: Actor | null,
  ): Promise<Participant[]> {
    const rows = dtos.map((dto) => ({
      training_id: trainingId,
      full_name: dto.fullName,
      name_key: participantNameKey(dto.fullName),
      sex: dto.sex,
      position: dto.position,
      agency_id: dto.agencyId,
      phone: dto.phone ?? null,
      email: dto.email ?? null,
    }));
    const inserted: Participant[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      inserted.push(
        ...(await em.query(
          `INSERT INTO participants AS p (training_id, full_name, name_key, sex, position, agency_id, phone, email)
           SELECT v.training_id, v.full_name, v.name_key, v.sex, v.position, v.agency_id, v.phone, v.email
           FROM jsonb_populate_recordset(NULL::participants, $1::jsonb) WITH ORDINALITY AS v
           ORDER BY v.ordinality
           RETURNING ${PARTICIPANT_COLUMNS}`,
          [JSON.stringify(rows.slice(start, start + ROWS_PER_STATEMENT))],
        )),
      );
    }
    // One participant per name and agency in a training (participant_identity_key): that finds each row's.
    const byIdentity = new Map(inserted.map((p) => [`${p.agencyId}|${p.nameKey}`, p]));
    const participants = rows.map((row) => byIdentity.get(`${row.agency_id}|${row.name_key}`)!);
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

  /** A training's participants as plain rows (no ORM hydration: a sheet's training may hold thousands). */
  async participantsOf(em: EntityManager, trainingId: string): Promise<Participant[]> {
    return em.query(`SELECT ${PARTICIPANT_COLUMNS} FROM participants p WHERE p.training_id = $1`, [
      trainingId,
    ]);
  }

  /**
   * Applies sign-in sheet rows to existing participants in one UPDATE, with their audit entries. A blank
   * phone or e-mail cell keeps what is stored (paper sheets often leave contacts out). Returns the ids changed.
   */
  async updateParticipants(
    em: EntityManager,
    updates: { participant: Participant; dto: CreateParticipantDto }[],
    actor: Actor | null,
  ): Promise<Set<string>> {
    const changed = updates.flatMap(({ participant, dto }) => {
      const next = {
        sex: dto.sex,
        position: dto.position,
        phone: dto.phone || participant.phone,
        email: dto.email || participant.email,
      };
      const differs = (Object.keys(next) as (keyof typeof next)[]).some(
        (key) => participant[key] !== next[key],
      );
      return differs ? [{ participant, next, before: participantAuditView(participant) }] : [];
    });
    if (changed.length === 0) return new Set();
    await em.query(
      `UPDATE participants p
       SET sex = v.sex::sex, position = v.position, phone = v.phone, email = v.email, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, sex text, position text, phone text, email text)
       WHERE p.id = v.id`,
      [JSON.stringify(changed.map(({ participant, next }) => ({ id: participant.id, ...next })))],
    );
    await this.auditLog.recordAll(
      em,
      changed.map(({ participant, next, before }) => ({
        actor,
        action: 'participant.updated',
        entityType: 'participant',
        entityId: participant.id,
        before,
        after: participantAuditView({ ...participant, ...next }),
      })),
    );
    return new Set(changed.map(({ participant }) => participant.id));
  }

  /**
   * One record per person: the same name (participantNameKey) and agency in one training is a 409
   * naming the record there is, so a client can add the marks to it instead. The unique index
   * participant_identity_key answers the same to two requests at once.
   */
  private async assertNewParticipant(em: EntityManager, trainingId: string, dto: CreateParticipantDto) {
    const existing = await em.findOne(Participant, {
      where: { trainingId, agencyId: dto.agencyId, nameKey: participantNameKey(dto.fullName) },
      select: { id: true },
    });
    if (existing) {
      throw new DomainError(
        ErrorCode.ParticipantDuplicate,
        `Participant ${existing.id} of this training has this name and agency already: record their attendance there.`,
        [{ field: 'fullName', message: `participant ${existing.id} of this agency has this name already` }],
        existing.id,
      );
    }
  }

  async listParticipants(trainingId: string, query: PageQueryDto, actor: Actor) {
    // docs/roles.md: the ministry reads participants' names here as in its participation report.
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: true, ministry: true });
    const days = await this.days(this.dataSource.manager, trainingId);
    const qb = this.dataSource
      .getRepository(Participant)
      .createQueryBuilder('participant')
      .where('participant.trainingId = :trainingId', { trainingId })
      .orderBy('participant.fullName')
      .addOrderBy('participant.id');
    const { items, total } = await pageOf(qb, query);
    const completed = await this.trainings.completedIds(days, items);
    return toPage(
      items.map((p) => toParticipantDto(p, completed.has(p.id))),
      total,
      query,
    );
  }

  /** `PUT /trainings/{id}/attendance`: an idempotent upsert of many marks in one transaction. */
  putMarks(trainingId: string, marks: MarkDto[], actor: Actor): Promise<AttendanceDto> {
    const seen = new Map<string, number>();
    const duplicates = marks.flatMap((m, i) => {
      const first = seen.get(`${m.participantId}|${m.day}`);
      seen.set(`${m.participantId}|${m.day}`, first ?? i);
      return first === undefined
        ? []
        : [{ field: `marks[${i}]`, message: `the same participant and day as marks[${first}]` }];
    });
    if (duplicates.length)
      throw new ValidationFailedException(duplicates, 'Each participant may have one mark per day.');
    return this.dataSource.transaction(async (em) => {
      await requireTrainingAccess(em, trainingId, actor, { iom: false, lock: true });
      await this.upsertMarks(em, trainingId, marks, actor);
      return this.marksOf(em, trainingId);
    });
  }

  async getMarks(trainingId: string, query: PageQueryDto, actor: Actor) {
    await requireTrainingAccess(this.dataSource.manager, trainingId, actor, { iom: true });
    const { items, total } = await pageOf(this.marksQuery(this.dataSource.manager, trainingId), query);
    return toPage(items.map(toRecordedMark), total, query);
  }

  /** Refuses, before writing anything, a day outside the training or a participant of another one. */
  /** Returns the ids of the participants whose marks changed. Repeats of one participant and day: the last wins. */
  async upsertMarks(
    em: EntityManager,
    trainingId: string,
    given: MarkDto[],
    actor: Actor | null,
  ): Promise<Set<string>> {
    const marks = [...new Map(given.map((m) => [`${m.participantId}|${m.day}`, m])).values()];
    const days = new Set(await this.days(em, trainingId));
    const ids = [...new Set(marks.map((m) => m.participantId))];
    const ours = new Set(
      (
        await em.query(`SELECT id FROM participants WHERE id = ANY($1::uuid[]) AND training_id = $2`, [
          ids,
          trainingId,
        ])
      ).map((p: { id: string }) => p.id),
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
    const recordedAt = this.clock.now();
    // One array parameter, not one per id: a large sheet would pass PostgreSQL's 65,535-parameter limit.
    const before: Pick<AttendanceMark, 'participantId' | 'day' | 'status'>[] = await em.query(
      `SELECT participant_id AS "participantId", to_char(day, 'YYYY-MM-DD') AS day, status
       FROM attendance_marks WHERE participant_id = ANY($1::uuid[])`,
      [ids],
    );
    const previous = new Map(before.map((m) => [`${m.participantId}|${m.day}`, m.status]));
    const changed = marks.filter((m) => previous.get(`${m.participantId}|${m.day}`) !== m.status);
    if (changed.length === 0) return new Set();
    for (let start = 0; start < changed.length; start += ROWS_PER_STATEMENT) {
      const rows = changed
        .slice(start, start + ROWS_PER_STATEMENT)
        .map((m) => ({ participant_id: m.participantId, day: m.day, status: m.status }));
      await em.query(
        `INSERT INTO attendance_marks (participant_id, day, status, recorded_by, recorded_at)
         SELECT v.participant_id, v.day, v.status, $2::uuid, $3::timestamptz
         FROM jsonb_populate_recordset(NULL::attendance_marks, $1::jsonb) WITH ORDINALITY AS v
         ORDER BY v.ordinality
         ON CONFLICT (participant_id, day) DO UPDATE
         SET status = EXCLUDED.status, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
        [JSON.stringify(rows), actor?.id ?? null, recordedAt],
      );
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
    const participantIds = [...new Set(changed.map((m) => m.participantId))];
    const agencies: { id: string }[] = await em.query(
      `SELECT DISTINCT agency_id AS id FROM participants WHERE id = ANY($1::uuid[])`,
      [participantIds],
    );
    await this.trainings.refreshTrainedOn(
      em,
      agencies.map((agency) => agency.id),
    );
    return new Set(participantIds);
  }

  async days(em: EntityManager, trainingId: string): Promise<string[]> {
    return (await em.find(TrainingDay, { where: { trainingId }, order: { day: 'ASC' } })).map((d) => d.day);
  }

  private async marksOf(em: EntityManager, trainingId: string): Promise<AttendanceDto> {
    return { items: (await this.marksQuery(em, trainingId).getMany()).map(toRecordedMark) };
  }

  private marksQuery(em: EntityManager, trainingId: string) {
    return em
      .createQueryBuilder(AttendanceMark, 'mark')
      .innerJoin(Participant, 'participant', 'participant.id = mark.participantId')
      .where('participant.trainingId = :trainingId', { trainingId })
      .orderBy('mark.day')
      .addOrderBy('participant.fullName')
      .addOrderBy('mark.participantId');
  }
}
