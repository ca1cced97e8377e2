import { applyDecorators, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { ApiHeavyWork } from '../common/heavy-work';
import { Auth } from '../common/auth.decorators';
import { Role } from '../common/role';
import { ReportOverviewDto, ReportQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';

/** A CSV download: UTF-8 with a BOM, so spreadsheet programs show the Lao text. */
const Csv = (file: string, description: string) =>
  applyDecorators(
    ApiProduces('text/csv'),
    ApiOkResponse({ description, content: { 'text/csv': { schema: { type: 'string' } } } }),
    Header('Content-Type', 'text/csv; charset=utf-8'),
    Header('Content-Disposition', `attachment; filename="${file}"`),
    Header('Cache-Control', 'no-store'),
  );

// docs/roles.md: reports are for the ministry, IOM and admins (admins pass every role check).
@ApiTags('reports')
@ApiProblems(400, 500)
@Auth(Role.Ministry, Role.Iom)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Programme figures: agencies, cases, trainings (by sex), certificates and findings, for a period. */
  @Get('overview')
  getReportOverview(@Query() query: ReportQueryDto): Promise<ReportOverviewDto> {
    return this.reports.overview(query);
  }

  /** The overview's figures as CSV rows (section, item, detail, value). */
  @Get('overview.csv')
  @Csv('overview.csv', 'The overview as rows: section, item, detail, value')
  exportReportOverview(@Query() query: ReportQueryDto): Promise<string> {
    return this.reports.overviewCsv(query);
  }

  /** Every certificate with its status today, as CSV. */
  @Get('certificates.csv')
  @Csv('certificates.csv', 'One row per certificate')
  exportCertificates(): Promise<string> {
    return this.reports.certificatesCsv();
  }

  /** Every finding with its status and whether it is overdue, as CSV. */
  @Get('findings.csv')
  @Csv('findings.csv', 'One row per finding')
  exportFindings(): Promise<string> {
    return this.reports.findingsCsv();
  }

  /** Participation in the trainings held in the period (names: staff only), as CSV. */
  @Get('participation.csv')
  @Csv('participation.csv', 'One row per participant of a training held in the period')
  exportParticipation(@Query() query: ReportQueryDto): Promise<string> {
    return this.reports.participationCsv(query);
  }

  /** A printable bilingual progress report with charts, for the advisory committee. */
  @Get('progress.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The progress report (PDF, A4)',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @Header('Content-Type', 'application/pdf')
  @Header('Content-Disposition', 'inline; filename="iris-progress-report.pdf"')
  @Header('Cache-Control', 'no-store')
  @ApiHeavyWork('pdf')
  getProgressReport(@Query() query: ReportQueryDto): Promise<Buffer> {
    return this.reports.progressPdf(query);
  }
}
