import { ApiDate } from '../common/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { JobRun, JobRunStatus, JobTrigger } from './job-run.entity';

export const JOB_NAMES = [
  'licence-expiry',
  'certificate-expiry',
  'overdue-findings',
  'surveillance-due',
] as const;

export class JobRunDetailsDto {
  /** What it changed: licence numbers, certificate numbers, finding or case ids (at most 100). @example ["MOLSW-RA-2021-033"] */
  items?: string[];

  /** Why it was skipped. @example "another run of this job was in progress" */
  note?: string;
}

export class JobRunDto {
  /** @example "42" */
  id: string;

  @ApiProperty({ enum: JOB_NAMES, example: 'licence-expiry' })
  job: string;

  /** The Lao day a scheduled run was for; null when an admin asked for it. @example "2026-11-24" */
  @ApiDate()
  slot: string | null;

  @ApiProperty({ enum: JobTrigger, enumName: 'JobTrigger', example: JobTrigger.Schedule })
  trigger: JobTrigger;

  /** The admin who asked for it. @example null */
  triggeredBy: string | null;

  @ApiProperty({ enum: JobRunStatus, enumName: 'JobRunStatus', example: JobRunStatus.Succeeded })
  status: JobRunStatus;

  /** @example "2026-11-23T17:05:00.012Z" */
  startedAt: Date;

  /** @example "2026-11-23T17:05:00.230Z" */
  finishedAt: Date | null;

  /** How many records it changed. @example 1 */
  changed: number;

  details: JobRunDetailsDto | null;

  /** Why it failed. @example null */
  error: string | null;
}

export class JobDto {
  @ApiProperty({ enum: JOB_NAMES, example: 'licence-expiry' })
  name: string;

  /** A cron expression, in `timeZone`. @example "5 0 * * *" */
  schedule: string;

  /** @example "Asia/Vientiane" */
  timeZone: string;

  /** @example "Records active licences past their expiry date as expired, with a licence history row." */
  description: string;

  /** The latest run, or null when it never ran. */
  lastRun: JobRunDto | null;
}

export class JobListDto {
  items: JobDto[];
}

export class JobRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_NAMES })
  @IsOptional()
  @IsIn(JOB_NAMES)
  job?: string;
}

export class JobRunPageDto extends PageDto {
  items: JobRunDto[];
}

export function toJobRunResponse(run: JobRun): JobRunDto {
  return {
    id: run.id,
    job: run.job,
    slot: run.slot,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    changed: run.changed,
    details: run.details,
    error: run.error,
  };
}
