import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CertificationStage } from '../common/certification-stage';
import { Role } from '../common/role';
import { ConsolePages } from './console-pages';
import { formErrors, text, validateForm } from './forms';
import { CurrentStaff, type Staff, StaffController, StaffRoles } from './staff.decorators';
import { count } from '../reports/chart-scale';
import { ReportOverviewDto, ReportQueryDto, SexCountsDto } from '../reports/reports.dto';
import { ReportsService } from '../reports/reports.service';
import { barChart, type ChartPoint, columnChart } from '../reports/svg-charts';

const SEXES: (keyof SexCountsDto)[] = ['female', 'male', 'other'];

/** The CSV exports the page links to, by file name, each the ReportsService method of its API twin. */
const EXPORTS = {
  'overview.csv': (reports: ReportsService, query: ReportQueryDto) => reports.overviewCsv(query),
  'participation.csv': (reports: ReportsService, query: ReportQueryDto) => reports.participationCsv(query),
  'certificates.csv': (reports: ReportsService) => reports.certificatesCsv(),
  'findings.csv': (reports: ReportsService) => reports.findingsCsv(),
} as const;

/** The programme's figures for a period, with charts, exports and the progress PDF (docs/console-admin.md). */
@StaffController()
@StaffRoles(Role.Ministry, Role.Iom)
@Controller('staff/reports')
export class ConsoleReportsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly reports: ReportsService,
  ) {}

  @Get()
  async reportOverview(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = { from: text(query.from), to: text(query.to) };
    const title = this.pages.text(staff, 'console.reports.title');
    try {
      const dto = await validateForm(ReportQueryDto, typed);
      const overview = await this.reports.overview(dto);
      return this.pages.send(reply, 'reports-overview', staff, {
        title,
        section: 'reports',
        form: overview.period,
        overview,
        charts: this.charts(staff, overview),
        downloads: Object.keys(EXPORTS).map((file) => ({ file, key: file.replace('.csv', '') })),
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.pages.send(
        reply,
        'reports-overview',
        staff,
        { title, section: 'reports', form: typed, errors },
        400,
      );
    }
  }

  @Get('progress.pdf')
  async downloadProgressReport(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const pdf = await this.reports.progressPdf(await this.query(query));
    return this.download(reply, 'iris-progress-report.pdf', 'application/pdf', pdf);
  }

  @Get(':file')
  async downloadReportCsv(
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    // Only the table's own names: `constructor` and the like are no file.
    if (!Object.hasOwn(EXPORTS, file)) throw new NotFoundException();
    const exporter = EXPORTS[file as keyof typeof EXPORTS];
    const csv = await exporter(this.reports, await this.query(query));
    return this.download(reply, file, 'text/csv; charset=utf-8', csv);
  }

  /** The period asked for in a download link, checked as the API checks it (a bad one is a 400 page). */
  private async query(query: Record<string, unknown>): Promise<ReportQueryDto> {
    return validateForm(ReportQueryDto, { from: text(query.from), to: text(query.to) });
  }

  private download(reply: FastifyReply, file: string, type: string, body: string | Buffer) {
    return reply
      .header('Content-Type', type)
      .header('Content-Disposition', `attachment; filename="${file}"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  }

  /** The charts, worded in the person's language, each with its figures for the table beside it. */
  private charts(staff: Staff, overview: ReportOverviewDto) {
    const t = (key: string, values?: Record<string, unknown>) => this.pages.text(staff, key, values);
    const { byStage } = overview.cases;
    const { bySex, completedBySex, participants, completed } = overview.trainings;
    // A heading, and a line saying what the chart counts (its total); the image is named by both.
    const chart = (
      id: string,
      [title, note]: [string, string],
      points: ChartPoint[],
      draw: typeof barChart,
    ) => ({
      id,
      title,
      note,
      svg: draw(id, `${title}: ${note}`, points),
      rows: points.map((p) => ({ label: p.label, value: count(p.value) })),
    });
    const stages = Object.values(CertificationStage).map((stage) => ({
      label: t(`report.stage.${stage}`),
      value: byStage[stage],
    }));
    const sex = (counts: SexCountsDto) =>
      SEXES.map((s) => ({ label: t(`report.sex.${s}`), value: counts[s] }));
    const months = overview.certificates.issuedByMonth.map(({ month, count: value }) => ({
      label: `${month.slice(5, 7)}/${month.slice(2, 4)}`,
      value,
    }));
    const columns: typeof barChart = (id, title, points) =>
      columnChart(id, title, points, t('report.chart.none'));
    const cases = count(stages.reduce((sum, stage) => sum + stage.value, 0));
    const issued = count(overview.certificates.issuedInPeriod);
    return [
      chart(
        'stages',
        [t('report.chart.stages'), t('report.chart.casesTotal', { count: cases })],
        stages,
        barChart,
      ),
      chart(
        'took-part',
        [t('report.chart.sex'), t('report.chart.tookPart', { count: count(participants) })],
        sex(bySex),
        barChart,
      ),
      chart(
        'completed',
        [t('report.chart.sex'), t('report.chart.completed', { count: count(completed) })],
        sex(completedBySex),
        barChart,
      ),
      chart(
        'issued',
        [t('report.chart.certificates'), t('report.chart.certificatesTotal', { count: issued })],
        months,
        columns,
      ),
    ];
  }
}
