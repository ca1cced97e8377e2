import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { IsIsoDate, Trim } from '../common/validation';
import { AuditLogEntry } from './audit-log-entry.entity';

export class AuditLogQueryDto extends PageQueryDto {
  /** @example "user" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  /** @example "0b8f6a3e-2f0c-4a5e-9d8b-3f1c2e4d5a6b" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  /** @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  /** @example "user.updated" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  action?: string;

  /** Entries from this Lao calendar day on. @example "2026-11-01" */
  @IsOptional()
  @IsIsoDate()
  from?: string;

  /** Entries up to this Lao calendar day, inclusive. @example "2026-11-24" */
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class AuditLogEntryDto {
  /** Increasing with time. @example "1042" */
  id: string;

  /** @example "2026-11-24T09:15:02.118Z" */
  occurredAt: Date;

  /** Null when the system itself made the change. @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  actorId: string | null;

  /** Who acted, as they were named then; null for the system. @example "Demo Administrator" */
  actorName: string | null;

  /** @example "admin@demo.iris.la" */
  actorEmail: string | null;

  /** @example "user.updated" */
  action: string;

  /** @example "user" */
  entityType: string;

  /** @example "0b8f6a3e-2f0c-4a5e-9d8b-3f1c2e4d5a6b" */
  entityId: string;

  /** The record before the change; null on creation. @example {"roles":["trainer"],"active":true} */
  before: Record<string, unknown> | null;

  /** The record after the change. @example {"roles":["trainer","auditor"],"active":true} */
  after: Record<string, unknown> | null;

  /** @example "5f0c2a8e-5d1b-4b7e-9f2a-1c1e0f6b9a11" */
  requestId: string | null;
}

export class AuditLogPageDto extends PageDto {
  items: AuditLogEntryDto[];
}

export function toAuditLogEntryDto(entry: AuditLogEntry): AuditLogEntryDto {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    actorId: entry.actorId,
    actorName: entry.actorName,
    actorEmail: entry.actorEmail,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
  };
}
