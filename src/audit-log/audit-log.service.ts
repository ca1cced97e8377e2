import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { Clock } from '../common/clock';
import { addDays, laoMidnight } from '../common/lao-calendar';
import { toPage } from '../common/pagination';
import { AuditLogEntry } from './audit-log-entry.entity';
import { AuditLogQueryDto, toAuditLogEntryDto } from './audit-log.dto';

/**
 * Entries per statement: few enough that preparing one (~0.5 MB of JSON) holds the event loop for
 * milliseconds, many enough that a 20,000-row import needs only 20 statements.
 */
const RECORDS_PER_INSERT = 1000;

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

  /**
   * Many entries, a thousand a statement (imports, nightly jobs), in the order given: the log reads
   * newest first by id, so a bulk change lists its entries as the change made them.
   */
  async recordAll(em: EntityManager, records: AuditRecord[]): Promise<void> {
    // The service's time, like every other date it writes: a trial or test day (CLOCK_TODAY) dates its
    // entries on that day, so the log's day filters find them; in production it is the real time.
    const occurredAt = this.clock.now();
    for (let start = 0; start < records.length; start += RECORDS_PER_INSERT) {
      const rows = records.slice(start, start + RECORDS_PER_INSERT).map((record) => ({
        actor_id: record.actor?.id ?? null,
        actor_name: record.actor?.name ?? null,
        actor_email: record.actor?.email ?? null,
        request_id: record.actor?.requestId || null,
        action: record.action,
        entity_type: record.entityType,
        entity_id: record.entityId,
        before: record.before ?? null,
        after: record.after ?? null,
      }));
      // One JSON parameter, not ten a row: a bulk change stays far below PostgreSQL's 65,535 parameters
      // and skips the ORM's per-entity work, which cost more than the insert itself.
      await em.query(
        `INSERT INTO audit_log (occurred_at, actor_id, actor_name, actor_email, request_id, action,
                                entity_type, entity_id, before, after)
         SELECT $1::timestamptz, v.actor_id, v.actor_name, v.actor_email, v.request_id, v.action, v.entity_type,
                v.entity_id, v.before, v.after
         FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (actor_id uuid, actor_name text, actor_email text,
                request_id text, action text, entity_type text, entity_id text, before jsonb, after jsonb))
              WITH ORDINALITY AS v(actor_id, actor_name, actor_email, request_id, action, entity_type,
                                   entity_id, before, after, n)
         ORDER BY v.n`,
        [occurredAt, JSON.stringify(rows)],
      );
    }
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
