import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { Clock } from '../common/clock';
import { addDays, laoMidnight } from '../common/lao-calendar';
import { toPage } from '../common/pagination';
import { AuditLogEntry } from './audit-log-entry.entity';
import { AuditLogQueryDto, toAuditLogEntryDto } from './audit-log.dto';

export interface AuditRecord {
  /** Null for the system's own changes. */
  actor: Pick<Actor, 'id' | 'name' | 'email' | 'requestId'> | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes the entry with the caller's manager, so it commits or rolls back with the change itself. */
  async record(em: EntityManager, record: AuditRecord): Promise<void> {
    await this.recordAll(em, [record]);
  }

  /** Many entries in one INSERT (imports, nightly jobs). */
  async recordAll(em: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    // The service's time, like every other date it writes: a trial or test day (CLOCK_TODAY) dates its
    // entries on that day, so the log's day filters find them; in production it is the real time.
    const occurredAt = this.clock.now();
    const entries = records.map((record) =>
      em.create(AuditLogEntry, {
        occurredAt,
        actorId: record.actor?.id ?? null,
        actorName: record.actor?.name ?? null,
        actorEmail: record.actor?.email ?? null,
        requestId: record.actor?.requestId || null,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        before: (record.before ?? null) as Record<string, unknown> | null,
        after: (record.after ?? null) as Record<string, unknown> | null,
      }),
    );
    await em.save(entries, { chunk: 1000, reload: false });
  }

  async list(query: AuditLogQueryDto) {
    const filtered = this.dataSource.createQueryBuilder(AuditLogEntry, 'entry');
    if (query.entityType)
      filtered.andWhere('entry.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) filtered.andWhere('entry.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) filtered.andWhere('entry.actorId = :actorId', { actorId: query.actorId });
    if (query.action) filtered.andWhere('entry.action = :action', { action: query.action });
    // Days are Lao calendar days: from its first moment to the first moment of the day after `to`.
    if (query.from) filtered.andWhere('entry.occurredAt >= :start', { start: laoMidnight(query.from) });
    if (query.to) filtered.andWhere('entry.occurredAt < :end', { end: laoMidnight(addDays(query.to, 1)) });
    const [entries, counted] = await Promise.all([
      filtered.clone().orderBy('entry.id', 'DESC').limit(query.limit).offset(query.offset).getMany(),
      // COUNT(*): TypeORM's getCount counts DISTINCT ids, a sort of the whole log.
      filtered.clone().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    const total = counted?.total ?? 0;
    const items = entries.map(toAuditLogEntryDto);
    return toPage(items, total, query);
  }
}
