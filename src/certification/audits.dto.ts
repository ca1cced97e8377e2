import { ApiDate } from '../common/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsIsoDate, Optional, Trim } from '../common/validation';
import { Finding } from './audit.entity';
import { PersonDto } from './certification.dto';
import { AuditType, FindingSeverity, FindingStatus } from './certification.enums';
import { isOverdue } from './finding-status';

export class CreateAuditDto {
  @ApiProperty({ enum: AuditType, enumName: 'AuditType', example: AuditType.Stage2 })
  @IsEnum(AuditType)
  type: AuditType;

  /** @example "2026-12-08" */
  @IsIsoDate()
  plannedOn: string;

  /** Some of the case's auditors; by default the auditor creating the audit. @example ["9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"] */
  @Optional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(10)
  @ArrayUnique()
  auditorIds?: string[];

  /** The IRIS Standard version audited against. @example "1.2" */
  @Optional()
  @MaxLength(7)
  @Matches(/^\d{1,3}\.\d{1,3}$/, { message: 'standardVersion must look like 1.2' })
  standardVersion?: string;
}

export class UpdateAuditDto {
  /** @example "2026-12-10" */
  @Optional()
  @IsIsoDate()
  plannedOn?: string;

  /** The day the audit took place; not in the future. @example "2026-12-10" */
  @Optional({ nullable: true })
  @IsIsoDate()
  conductedOn?: string | null;

  /** @example "On-site audit at the Vientiane office; interviews with 6 recently deployed workers." */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(10000)
  summary?: string | null;

  /** Replaces the audit's auditors (some of the case's auditors). @example ["9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"] */
  @Optional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(10)
  @ArrayUnique()
  auditorIds?: string[];

  /** The `version` you read; a stale one is refused with 409, so nobody overwrites a change unseen. @example 1 */
  @IsInt()
  @Min(1)
  version: number;
}

export class CreateFindingDto {
  /**
   * An IRIS Standard criterion code (`GET /reference/criteria`), or its principle's code where the
   * criterion is not listed: a fee charged to workers is principle 1, the Employer Pays Principle.
   * @example "1"
   */
  @Trim({ uppercase: true })
  @MaxLength(6)
  @Matches(/^[A-Z0-9]{1,2}(\.\d{1,3})?$/, { message: 'criterion must be a code such as A.1, 1.2 or B' })
  criterion: string;

  @ApiProperty({ enum: FindingSeverity, enumName: 'FindingSeverity', example: FindingSeverity.Minor })
  @IsEnum(FindingSeverity)
  severity: FindingSeverity;

  /** @example "Two workers paid a medical-check fee that the employer should have borne." */
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  description: string;

  /** @example "Receipts 2026/114 and 2026/117; interview notes W3, W5." */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(5000)
  evidence?: string | null;

  /** Due date of the corrective action; by default FINDING_DUE_DAYS after the audit (none for an observation). @example "2027-03-08" */
  @Optional({ nullable: true })
  @IsIsoDate()
  dueOn?: string | null;
}

export class UpdateFindingDto {
  /** The agency's corrective-action plan, as received. @example "Refund both workers by 2027-01-15; amend the fee schedule." */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(10000)
  correctiveActionPlan?: string | null;

  @ApiPropertyOptional({
    enum: FindingStatus,
    enumName: 'FindingStatus',
    example: FindingStatus.ActionProposed,
  })
  @Optional()
  @IsEnum(FindingStatus)
  status?: FindingStatus;

  /** @example "2027-03-08" */
  @Optional({ nullable: true })
  @IsIsoDate()
  dueOn?: string | null;

  /** @example "Refund receipts seen on 2027-01-20." */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(5000)
  evidence?: string | null;

  /** The `version` you read; a stale one is refused with 409, so nobody overwrites a change unseen. @example 1 */
  @IsInt()
  @Min(1)
  version: number;
}

export class FindingResponseDto {
  /** @example "6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b" */
  id: string;

  /** @example "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  auditId: string;

  /** @example "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a" */
  caseId: string;

  /** @example "1" */
  criterion: string;

  @ApiProperty({ enum: FindingSeverity, enumName: 'FindingSeverity', example: FindingSeverity.Minor })
  severity: FindingSeverity;

  /** @example "Two workers paid a medical-check fee that the employer should have borne." */
  description: string;

  /** @example "Receipts 2026/114 and 2026/117." */
  evidence: string | null;

  /** @example "2027-03-08" */
  @ApiDate()
  dueOn: string | null;

  /** @example null */
  correctiveActionPlan: string | null;

  @ApiProperty({ enum: FindingStatus, enumName: 'FindingStatus', example: FindingStatus.Open })
  status: FindingStatus;

  /** Past its due date and not closed. @example false */
  overdue: boolean;

  /** @example null */
  closedOn: string | null;

  /** @example 1 */
  version: number;
}

export class AuditResponseDto {
  /** @example "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  id: string;

  /** @example "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a" */
  caseId: string;

  @ApiProperty({ enum: AuditType, enumName: 'AuditType', example: AuditType.Stage2 })
  type: AuditType;

  /** @example "2026-12-08" */
  @ApiDate()
  plannedOn: string;

  /** @example null */
  conductedOn: string | null;

  /** @example null */
  summary: string | null;

  /** @example "1.2" */
  standardVersion: string;

  auditors: PersonDto[];

  /** The findings raised at this audit, oldest first. */
  findings: FindingResponseDto[];

  /** @example 1 */
  version: number;
}

export class AuditListDto {
  items: AuditResponseDto[];
}

export function toFindingResponse(finding: Finding, today: string): FindingResponseDto {
  return {
    id: finding.id,
    auditId: finding.auditId,
    caseId: finding.caseId,
    criterion: finding.criterion,
    severity: finding.severity,
    description: finding.description,
    evidence: finding.evidence,
    dueOn: finding.dueOn,
    correctiveActionPlan: finding.correctiveActionPlan,
    status: finding.status,
    overdue: isOverdue(finding, today),
    closedOn: finding.closedOn,
    version: finding.version,
  };
}
