import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { UuidParam } from '../common/validation';
import { Role } from '../common/role';
import {
  AuditResponseDto,
  CreateFindingDto,
  FindingResponseDto,
  UpdateAuditDto,
  UpdateFindingDto,
} from './audits.dto';
import { AuditsService } from './audits.service';
import { FindingsService } from './findings.service';

@ApiTags('certification')
@ApiProblems(400, 500)
@Controller('audits')
export class AuditsController {
  constructor(
    private readonly audits: AuditsService,
    private readonly findings: FindingsService,
  ) {}

  /** One audit with its auditors and findings. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getAudit(@UuidParam() id: string): Promise<AuditResponseDto> {
    return this.audits.requireById(id);
  }

  /** Record the audit as conducted (date, summary), reschedule it or change its team. */
  @Patch(':id')
  @Auth(Role.Auditor)
  @ApiProblems(404, 409)
  updateAudit(
    @UuidParam() id: string,
    @Body() dto: UpdateAuditDto,
    @CurrentActor() actor: Actor,
  ): Promise<AuditResponseDto> {
    return this.audits.update(id, dto, actor);
  }

  /** Record a finding of the audit against an IRIS Standard criterion. */
  @Post(':id/findings')
  @Auth(Role.Auditor)
  @ApiProblems(404, 409)
  createFinding(
    @UuidParam() id: string,
    @Body() dto: CreateFindingDto,
    @CurrentActor() actor: Actor,
  ): Promise<FindingResponseDto> {
    return this.findings.create(id, dto, actor);
  }
}

@ApiTags('certification')
@ApiProblems(400, 500)
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /** One finding. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getFinding(@UuidParam() id: string): Promise<FindingResponseDto> {
    return this.findings.requireById(id);
  }

  /** Record the corrective-action plan and move the status (accept and close: auditors, after verifying). */
  @Patch(':id')
  @Auth(Role.Auditor)
  @ApiProblems(404, 409)
  updateFinding(
    @UuidParam() id: string,
    @Body() dto: UpdateFindingDto,
    @CurrentActor() actor: Actor,
  ): Promise<FindingResponseDto> {
    return this.findings.update(id, dto, actor);
  }
}
