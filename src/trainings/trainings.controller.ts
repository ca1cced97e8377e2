import { Body, Controller, Get, Header, HttpCode, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiFileUpload, ApiProblems } from '../common/api-docs';
import { ApiHeavyWork } from '../common/heavy-work';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { ImportQueryDto, ImportResultDto } from '../common/csv-import.dto';
import { readTableUpload } from '../common/uploads';
import { XLSX_TYPE } from '../common/xlsx';
import { PageQueryDto } from '../common/pagination.dto';
import { UuidParam } from '../common/validation';
import { Role } from '../common/role';
import { AttendanceService } from './attendance.service';
import { CompletionCertificateService } from './completion-certificate.service';
import {
  AttendanceDto,
  AttendancePageDto,
  CreateParticipantDto,
  ParticipantDto,
  ParticipantPageDto,
  PutAttendanceDto,
} from './participants.dto';
import { SHEET_COLUMNS, SHEET_REQUIRED_COLUMNS, SignInSheetService } from './sign-in-sheet.service';
import {
  CreateTrainingDto,
  TrainingPageDto,
  TrainingQueryDto,
  TrainingResponseDto,
  TrainingsOverviewDto,
  TrainingSummaryDto,
  UpdateTrainingDto,
} from './trainings.dto';
import { TrainingsService } from './trainings.service';

const SHEET_DESCRIPTION =
  'A typed-up sign-in sheet as a CSV file or an Excel workbook (.xlsx), up to 5 MB and 20,000 rows, as ' +
  `the body or as the multipart field "file". Required columns: ${SHEET_REQUIRED_COLUMNS.join(', ')}; ` +
  `optional: ${SHEET_COLUMNS.filter((c) => !(SHEET_REQUIRED_COLUMNS as readonly string[]).includes(c)).join(', ')}; ` +
  'then one column per day of the training, headed with its date (YYYY-MM-DD or DD/MM/YYYY, or a date ' +
  'cell), holding present, late, excused, absent, or nothing. Columns in any order, header names in any ' +
  'case; any other column is refused (400). Phones as written, Lao without a country code. **CSV**: ' +
  'UTF-8 (BOM allowed), "," or ";" as separator (given back as format.delimiter), CRLF or LF. **XLSX**: ' +
  'the first worksheet, its first non-empty row being the header; `line` in rejected is the worksheet row.';

@ApiTags('trainings')
@ApiProblems(400, 500)
@Controller('trainings')
export class TrainingsController {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly attendance: AttendanceService,
    private readonly sheets: SignInSheetService,
    private readonly completionCertificates: CompletionCertificateService,
  ) {}

  /** Create an IRIS training with its days and trainers. */
  @Post()
  @Auth(Role.Iom, Role.Trainer)
  createTraining(@Body() dto: CreateTrainingDto, @CurrentActor() actor: Actor): Promise<TrainingResponseDto> {
    return this.trainings.create(dto, actor);
  }

  /** List trainings, newest first. */
  @Get()
  @Auth()
  listTrainings(@Query() query: TrainingQueryDto): Promise<TrainingPageDto> {
    return this.trainings.list(query);
  }

  /** Across all trainings: participants by sex, and agencies trained per province. */
  @Get('overview')
  @Auth()
  getTrainingsOverview(): Promise<TrainingsOverviewDto> {
    return this.trainings.overview();
  }

  /** One training. */
  @Get(':id')
  @Auth()
  @ApiProblems(404)
  getTraining(@UuidParam() id: string): Promise<TrainingResponseDto> {
    return this.trainings.requireById(id);
  }

  /** Change a training (its trainers and IOM); send the `version` you read. */
  @Patch(':id')
  @Auth(Role.Iom, Role.Trainer)
  @ApiProblems(404, 409)
  updateTraining(
    @UuidParam() id: string,
    @Body() dto: UpdateTrainingDto,
    @CurrentActor() actor: Actor,
  ): Promise<TrainingResponseDto> {
    return this.trainings.update(id, dto, actor);
  }

  /** Participants, completion and sex-disaggregated counts, with a one-line label. */
  @Get(':id/summary')
  @Auth()
  @ApiProblems(404)
  getTrainingSummary(@UuidParam() id: string): Promise<TrainingSummaryDto> {
    return this.trainings.summary(id);
  }

  /** Add a participant (walk-ins too); the same name and agency twice is a 409 naming the first. */
  @Post(':id/participants')
  @Auth(Role.Iom, Role.Trainer)
  @ApiProblems(404, 409)
  addParticipant(
    @UuidParam() id: string,
    @Body() dto: CreateParticipantDto,
    @CurrentActor() actor: Actor,
  ): Promise<ParticipantDto> {
    return this.attendance.addParticipant(id, dto, actor);
  }

  /** The participants, with whether each completed the training (the ministry reads them too). */
  @Get(':id/participants')
  @Auth(Role.Iom, Role.Trainer, Role.Ministry)
  @ApiProblems(404)
  listParticipants(
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ParticipantPageDto> {
    return this.attendance.listParticipants(id, query, actor);
  }

  /** Record attendance marks; idempotent, all or nothing. */
  @Put(':id/attendance')
  @Auth(Role.Trainer)
  @ApiProblems(404)
  putAttendance(
    @UuidParam() id: string,
    @Body() dto: PutAttendanceDto,
    @CurrentActor() actor: Actor,
  ): Promise<AttendanceDto> {
    return this.attendance.putMarks(id, dto.marks, actor);
  }

  /** All attendance marks of the training. */
  @Get(':id/attendance')
  @Auth(Role.Iom, Role.Trainer)
  @ApiProblems(404)
  getAttendance(
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<AttendancePageDto> {
    return this.attendance.getMarks(id, query, actor);
  }

  /** A sign-in sheet template with this training's days as columns. */
  @Get(':id/attendance/template.csv')
  @Auth(Role.Iom, Role.Trainer)
  @ApiProblems(404)
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="sign-in-sheet.csv"')
  getSignInSheetTemplate(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<string> {
    return this.sheets.template(id, actor);
  }

  /** Import a typed-up sign-in sheet (CSV or .xlsx): participants and their marks; `dryRun=true` checks without writing. */
  @Post(':id/attendance/import')
  @HttpCode(200)
  @Auth(Role.Trainer)
  @ApiFileUpload(SHEET_DESCRIPTION, ['text/csv', XLSX_TYPE])
  @ApiProblems(404, 409, 413, 415)
  @ApiHeavyWork('import')
  importSignInSheet(
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Query() query: ImportQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportResultDto> {
    return readTableUpload(request).then((table) =>
      this.sheets.import(id, table, query.dryRun ?? false, actor),
    );
  }

  /** A bilingual certificate of completion (PDF) for a participant who completed the training; 409 otherwise. */
  @Get(':id/participants/:pid/certificate.pdf')
  @Auth(Role.Iom, Role.Trainer)
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The certificate of completion',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404, 409)
  @ApiHeavyWork('pdf')
  async getCompletionCertificate(
    @UuidParam() id: string,
    @UuidParam('pid') pid: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const pdf = await this.completionCertificates.render(id, pid, actor);
    // Set once the PDF exists: a refusal stays problem+json, not a "PDF" download.
    reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', 'inline; filename="iris-training-certificate.pdf"')
      .header('Cache-Control', 'private, no-store');
    return pdf;
  }
}
