import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { ApiHeavyWork } from '../common/heavy-work';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { UuidParam } from '../common/validation';
import { Role } from '../common/role';
import { AuditListDto, AuditResponseDto, CreateAuditDto } from './audits.dto';
import { AuditsService } from './audits.service';
import { CasesService } from './cases.service';
import {
  CasePageDto,
  CaseQueryDto,
  CaseResponseDto,
  CreateCaseDto,
  MoveCaseDto,
  UpdateCaseDto,
} from './certification.dto';
import { CaseMovesDto } from './moves.dto';

@ApiTags('certification')
@ApiProblems(400, 500)
@Controller('certifications')
export class CertificationController {
  constructor(
    private readonly cases: CasesService,
    private readonly audits: AuditsService,
  ) {}

  /** Open a certification case for an agency with an active licence, in capacity_building. */
  @Post()
  @Auth(Role.Ministry, Role.Iom)
  @ApiProblems(409)
  openCase(@Body() dto: CreateCaseDto, @CurrentActor() actor: Actor): Promise<CaseResponseDto> {
    return this.cases.open(dto, actor);
  }

  /** List certification cases, newest first; filter by stage, agency, auditor or what needs attention. */
  @Get()
  @Auth()
  listCases(@Query() query: CaseQueryDto): Promise<CasePageDto> {
    return this.cases.list(query);
  }

  /** One case with its auditors, finding counts, surveillance date and history. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getCase(@UuidParam() id: string): Promise<CaseResponseDto> {
    return this.cases.requireById(id);
  }

  /** Reassign the case's auditors. */
  @Patch(':id')
  @Auth(Role.Ministry, Role.Iom)
  @ApiProblems(404, 409)
  updateCase(
    @UuidParam() id: string,
    @Body() dto: UpdateCaseDto,
    @CurrentActor() actor: Actor,
  ): Promise<CaseResponseDto> {
    return this.cases.updateAuditors(id, dto, actor);
  }

  /**
   * Move the case to another stage; 409 with the reason when the move is illegal, a guard fails or
   * `version` is stale. A move into `certified` issues the certificate and its PDF, and so may be refused
   * with 503 while too many PDFs are being made.
   */
  @Post(':id/transitions')
  @HttpCode(200)
  @Auth(Role.Auditor, Role.Ministry, Role.Iom)
  @ApiProblems(404, 409)
  @ApiHeavyWork('pdf')
  moveCaseStage(
    @UuidParam() id: string,
    @Body() dto: MoveCaseDto,
    @CurrentActor() actor: Actor,
  ): Promise<CaseResponseDto> {
    return this.cases.move(id, dto, actor);
  }

  /**
   * The stages the case could move to next, and for each whether you may move it there now, why not,
   * whether it needs a reason and, for a suspension, the grounds the service can see.
   */
  @Get(':id/moves')
  @Auth()
  @ApiProblems(404)
  listCaseMoves(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<CaseMovesDto> {
    return this.cases.moves(id, actor);
  }

  /** Schedule an audit of the case (its auditors). */
  @Post(':id/audits')
  @Auth(Role.Auditor)
  @ApiProblems(404, 409)
  createAudit(
    @UuidParam() id: string,
    @Body() dto: CreateAuditDto,
    @CurrentActor() actor: Actor,
  ): Promise<AuditResponseDto> {
    return this.audits.create(id, dto, actor);
  }

  /** The case's audits with their findings, in the order planned. */
  @Get(':id/audits')
  @Auth()
  @ApiProblems(404)
  listCaseAudits(@UuidParam() id: string): Promise<AuditListDto> {
    return this.audits.listForCase(id);
  }
}
