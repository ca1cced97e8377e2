import { ApiDate } from '../common/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { laoDay } from '../common/lao-calendar';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { IsIsoDate, Optional, ToBoolean, Trim } from '../common/validation';
import type { AgencySummary } from '../agencies/agencies.service';
import type { CaseTransition } from './certification-case.entity';
import type { CertificationCase } from './certification-case.entity';
import { CertificationStage } from '../common/certification-stage';
import { attentionFor } from './stages';

export class CreateCaseDto {
  /** The agency to certify; its licence must be active. @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  @IsUUID()
  agencyId: string;

  /** Users with the auditor role who will act on the case. @example ["9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"] */
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  auditorIds: string[];
}

export class UpdateCaseDto {
  /** The case's auditors from now on (replaces the list). @example ["9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"] */
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  auditorIds: string[];

  /** The `version` you read; a stale one is refused with 409, so nobody overwrites a change unseen. @example 3 */
  @IsInt()
  @Min(1)
  version: number;
}

export class MoveCaseDto {
  @ApiProperty({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    example: CertificationStage.Applied,
  })
  @IsEnum(CertificationStage)
  to: CertificationStage;

  /**
   * Why, in English; required to suspend, withdraw or close, and public for a suspension or withdrawal.
   * @example "A substantiated complaint: workers were charged recruitment fees"
   */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(2000)
  reason?: string | null;

  /**
   * The same reason in Lao (Lao script), shown on the Lao public pages for a suspension or withdrawal.
   * Optional: left out, null or blank, the Lao pages show the English `reason`, marked as English.
   * @example "ມີການຮ້ອງຮຽນທີ່ພິສູດແລ້ວວ່າ ແຮງງານຖືກເກັບຄ່າຈັດຫາງານ"
   */
  @Optional({ nullable: true })
  @Trim()
  @Transform(({ value }: { value: unknown }) => (value === '' ? null : value), { toClassOnly: true })
  @IsString()
  @MaxLength(2000)
  @Matches(/[\u0E80-\u0EFF]/, { context: { code: 'laoScript' } })
  reasonLo?: string | null;

  /** The `version` of the case you read (stale: 409). @example 1 */
  @IsInt()
  @Min(1)
  version: number;
}

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CertificationStage, enumName: 'CertificationStage' })
  @Optional()
  @IsEnum(CertificationStage)
  stage?: CertificationStage;

  /** Only this agency's cases. @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  @Optional()
  @IsUUID()
  agencyId?: string;

  /** Only cases assigned to this auditor. @example "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" */
  @Optional()
  @IsUUID()
  auditorId?: string;

  /** Only certified cases whose next surveillance audit is due on or before this date. @example "2026-12-31" */
  @Optional()
  @IsIsoDate()
  surveillanceDueBefore?: string;

  /** Only cases with an overdue finding, an overdue surveillance audit, or a suspension past its limit. @example true */
  @Optional()
  @ToBoolean()
  @ApiPropertyOptional({ type: Boolean })
  needsAttention?: boolean;
}

export class PersonDto {
  /** @example "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" */
  id: string;

  /** @example "Demo IRIS Auditor" */
  name: string;
}

export class CaseAgencyDto {
  /** @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  id: string;

  /** @example "MOLSW-RA-2019-014" */
  licenceNumber: string;

  /** @example "ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ" */
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  nameEn: string;
}

export class TransitionDto {
  @ApiProperty({ enum: CertificationStage, enumName: 'CertificationStage', nullable: true, example: null })
  from: CertificationStage | null;

  @ApiProperty({ enum: CertificationStage, enumName: 'CertificationStage', example: 'capacity_building' })
  to: CertificationStage;

  /** Why, in English. @example "Case opened" */
  reason: string | null;

  /** Why, in Lao, when given. @example null */
  reasonLo: string | null;

  /** Who moved the case; null when the service did (expiry, supersession). */
  by: PersonDto | null;

  /** @example "2026-11-24T03:15:00.000Z" */
  at: Date;
}

export class FindingCountsDto {
  /** @example 1 */
  major: number;

  /** @example 2 */
  minor: number;

  /** @example 0 */
  observation: number;
}

export class CaseResponseDto {
  /** @example "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a" */
  id: string;

  agency: CaseAgencyDto;

  @ApiProperty({ enum: CertificationStage, enumName: 'CertificationStage', example: 'capacity_building' })
  stage: CertificationStage;

  /** The public reason of the last suspension or withdrawal, in English. @example null */
  statusReason: string | null;

  /** The same reason in Lao; null when none was given (show `statusReason`). @example null */
  statusReasonLo: string | null;

  auditors: PersonDto[];

  /** The day the case was first certified. @example "2026-03-02" */
  @ApiDate()
  certifiedOn: string | null;

  /** The day the certificate expires: the first day it is no longer valid (validity years after certification). @example "2029-03-01" */
  @ApiDate()
  expiresOn: string | null;

  /** The certificate issued when the case was certified (`GET /certificates/{number}`). @example "IRIS-LA-2026-0001" */
  certificateNumber: string | null;

  /** When the next surveillance audit is due (certified cases). @example "2027-03-02" */
  @ApiDate()
  nextSurveillanceOn: string | null;

  /** Findings not closed, by severity. */
  openFindings: FindingCountsDto;

  /** Findings past their due date and not closed. @example 0 */
  overdueFindings: number;

  /** What needs someone's attention, in words; empty when nothing does. @example ["surveillance audit due 2027-03-02 is overdue"] */
  attention: string[];

  /** @example "2026-11-24T03:15:00.000Z" */
  openedAt: Date;

  /** @example 1 */
  version: number;

  /** Every move of the case, oldest first. */
  history: TransitionDto[];
}

export class CasePageDto extends PageDto {
  items: CaseResponseDto[];
}

/** What a page of cases is described with: its own rows and the names other features own. */
export interface CaseDetails {
  agencies: Map<string, AgencySummary>;
  auditors: { caseId: string; id: string; name: string }[];
  history: (CaseTransition & { actorName: string | null })[];
  findingCounts: { caseId: string; severity: string; open: number; overdue: number }[];
}

export function toCaseResponse(
  c: CertificationCase,
  details: CaseDetails,
  today: string,
  suspendedBefore: string,
): CaseResponseDto {
  const agency = details.agencies.get(c.agencyId)!;
  const openFindings = { major: 0, minor: 0, observation: 0 };
  let overdueFindings = 0;
  for (const row of details.findingCounts.filter((r) => r.caseId === c.id)) {
    openFindings[row.severity as keyof FindingCountsDto] = row.open;
    overdueFindings += row.overdue;
  }
  const facts = { stage: c.stage, nextSurveillanceOn: c.nextSurveillanceOn, overdueFindings };
  return {
    id: c.id,
    agency: {
      id: agency.id,
      licenceNumber: agency.licenceNumber,
      nameLo: agency.nameLo,
      nameEn: agency.nameEn,
    },
    stage: c.stage,
    statusReason: c.statusReason,
    statusReasonLo: c.statusReasonLo,
    auditors: details.auditors.filter((a) => a.caseId === c.id).map(({ id, name }) => ({ id, name })),
    certifiedOn: c.certifiedOn,
    expiresOn: c.expiresOn,
    certificateNumber: c.certificateNumber,
    nextSurveillanceOn: c.nextSurveillanceOn,
    openFindings,
    overdueFindings,
    attention: attentionFor({ ...facts, stageChangedOn: laoDay(c.stageChangedAt) }, today, suspendedBefore),
    openedAt: c.openedAt,
    version: c.version,
    history: details.history
      .filter((t) => t.caseId === c.id)
      .map((t) => ({
        from: t.from,
        to: t.to,
        reason: t.reason,
        reasonLo: t.reasonLo,
        by: t.actorId ? { id: t.actorId, name: t.actorName ?? '' } : null,
        at: t.at,
      })),
  };
}
