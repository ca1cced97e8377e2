import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toCsv } from '../common/csv';
import { effectiveCertificateStatus, type CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage } from '../common/certification-stage';
import { addDays } from '../common/lao-calendar';
import { ValidationFailedException } from '../common/errors';
import { HeavyWork } from '../common/heavy-work';
import { fieldError } from '../common/validation';
import { PROVINCES } from '../reference/provinces';
import { TrainingsService } from '../trainings/trainings.service';
import { ProgressReport } from './progress-report';
import { type Period, ReportsRepository } from './reports.repository';
import type {
  AgencyFiguresDto,
  FindingFiguresDto,
  ReportOverviewDto,
  ReportQueryDto,
  SexCountsDto,
  TrainingFiguresDto,
} from './reports.dto';
import { Clock } from '../common/clock';

const MAX_PERIOD_YEARS = 20;
const SEXES = ['female', 'male', 'other'] as const;
type Severity = 'major' | 'minor' | 'observation';

/** The period a report covers: `from`–`to` inclusive, by default this year so far (Lao calendar). */
export function periodOf(query: ReportQueryDto, today: string): Period {
  const period = { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
  if (period.from > period.to) {
    throw new ValidationFailedException([fieldError('from', 'periodOrder')]);
  }
  if (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) > MAX_PERIOD_YEARS) {
    throw new ValidationFailedException([fieldError('from', 'periodLength', { max: MAX_PERIOD_YEARS })]);
  }
  return period;
}

/** `GET /reports/overview` and its exports, for the ministry's committee and IOM. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly trainingsService: TrainingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly progress: ProgressReport,
    private readonly heavyWork: HeavyWork,
  ) {}

  /**
   * The printable progress report of the overview. Its reads (a dozen counts over the whole register)
   * and its drawing take one PDF turn together, so a refused request has cost nothing; a bad period is
   * refused (400) before it queues.
   */
  progressPdf(query: ReportQueryDto): Promise<Buffer> {
    periodOf(query, this.clock.today());
    return this.heavyWork.run('pdf', async () => this.progress.render(await this.overview(query)));
  }

  async overview(query: ReportQueryDto): Promise<ReportOverviewDto> {
    const today = this.clock.today();
    const period = periodOf(query, today);
    // One snapshot: a case certified while the report runs is in every figure or in none.
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      // One after another: the queries share the transaction's connection.
      const agencies = await this.agencies(em, today);
      const stages = await this.repository.casesByStage(em);
      const caseActivity = await this.repository.caseActivity(em, period);
      const trainings = await this.trainings(em, period);
      const stock = await this.repository.certificateStock(em, today, addDays(today, 90));
      const issuedByMonth = await this.repository.issuedByMonth(em, period);
      const findings = await this.findings(em, today, period);
      const byStage = Object.fromEntries(Object.values(CertificationStage).map((stage) => [stage, 0]));
      for (const { stage, count } of stages) byStage[stage] = count;
      return {
        period,
        asOf: today,
        agencies,
        cases: {
          byStage: byStage as unknown as ReportOverviewDto['cases']['byStage'],
          openedInPeriod: caseActivity.opened,
          certifiedInPeriod: caseActivity.certified,
        },
        trainings,
        certificates: {
          ...stock,
          issuedInPeriod: issuedByMonth.reduce((sum, month) => sum + month.count, 0),
          issuedByMonth,
        },
        findings,
      };
    });
  }

  private async agencies(em: EntityManager, today: string): Promise<AgencyFiguresDto> {
    const rows = await this.repository.agenciesByProvince(em, today, this.trainingsService.completionShare);
    const byCode = new Map(rows.map((row) => [row.province as string, row as Record<string, number>]));
    const sum = (key: string) => rows.reduce((total, row) => total + (row[key] as number), 0);
    return {
      total: sum('agencies'),
      byLicenceStatus: {
        active: sum('activeLicences'),
        suspended: sum('suspended'),
        revoked: sum('revoked'),
        // An active licence past its date reads as expired (effectiveLicenceStatus).
        expired: sum('expired') + sum('lapsed'),
      },
      byProvince: PROVINCES.map((p) => ({
        province: p.code,
        nameEn: p.nameEn,
        nameLo: p.nameLo,
        agencies: byCode.get(p.code)?.agencies ?? 0,
        activeLicences: byCode.get(p.code)?.activeLicences ?? 0,
        trained: byCode.get(p.code)?.trained ?? 0,
        certified: byCode.get(p.code)?.certified ?? 0,
      })),
    };
  }

  private async trainings(em: EntityManager, period: Period): Promise<TrainingFiguresDto> {
    const { held, bySex } = await this.repository.trainingsHeld(em, period);
    const completed = await this.repository.completedInPeriod(
      em,
      period,
      this.trainingsService.completionShare,
    );
    const participants = sexCounts(bySex);
    const completedBySex = sexCounts(completed.map(({ sex }) => ({ sex, count: 1 })));
    const agencyProvince = new Map(completed.map((row) => [row.agencyId, row.province]));
    const perProvince = new Map<string, number>();
    for (const province of agencyProvince.values())
      perProvince.set(province, (perProvince.get(province) ?? 0) + 1);
    return {
      held,
      participants: participants.female + participants.male + participants.other,
      bySex: participants,
      completed: completed.length,
      completedBySex,
      agenciesTrained: agencyProvince.size,
      agenciesTrainedByProvince: PROVINCES.filter((p) => perProvince.has(p.code)).map((p) => ({
        province: p.code,
        count: perProvince.get(p.code)!,
      })),
    };
  }

  private async findings(em: EntityManager, today: string, period: Period): Promise<FindingFiguresDto> {
    const rows = await this.repository.openFindings(em, today);
    const principles = await this.repository.principles(em);
    const open = { major: 0, minor: 0, observation: 0 };
    const overdue = { major: 0, minor: 0, observation: 0 };
    const perPrinciple = new Map<string, { open: number; overdue: number }>();
    for (const row of rows) {
      const severity = row.severity as Severity;
      open[severity] += row.open;
      overdue[severity] += row.overdue;
      // Per principle, what needs action: an observation needs no response and stays open.
      if (severity === 'observation') continue;
      const figures = perPrinciple.get(row.principle) ?? { open: 0, overdue: 0 };
      figures.open += row.open;
      figures.overdue += row.overdue;
      perPrinciple.set(row.principle, figures);
    }
    return {
      open,
      overdue,
      byPrinciple: principles.map(({ principle, title }) => ({
        principle,
        title,
        ...(perPrinciple.get(principle) ?? { open: 0, overdue: 0 }),
      })),
      raisedInPeriod: await this.repository.findingsRaised(em, period),
    };
  }

  /** The overview's figures as rows (section, item, detail, value): what the committee pastes into its tables. */
  async overviewCsv(query: ReportQueryDto): Promise<string> {
    const o = await this.overview(query);
    const rows: { section: string; item: string; detail: string; value: number | string }[] = [
      { section: 'period', item: 'from', detail: '', value: o.period.from },
      { section: 'period', item: 'to', detail: '', value: o.period.to },
      { section: 'period', item: 'asOf', detail: '', value: o.asOf },
      { section: 'agencies', item: 'total', detail: '', value: o.agencies.total },
      ...entries(o.agencies.byLicenceStatus).map(([status, value]) =>
        row('agencies', 'licenceStatus', status, value),
      ),
      ...o.agencies.byProvince.flatMap((p) =>
        (['agencies', 'activeLicences', 'trained', 'certified'] as const).map((key) =>
          row('agencies.byProvince', key, `${p.province} ${p.nameLo} / ${p.nameEn}`, p[key]),
        ),
      ),
      ...entries(o.cases.byStage).map(([stage, value]) => row('cases', 'stage', stage, value)),
      row('cases', 'openedInPeriod', '', o.cases.openedInPeriod),
      row('cases', 'certifiedInPeriod', '', o.cases.certifiedInPeriod),
      row('trainings', 'held', '', o.trainings.held),
      row('trainings', 'participants', '', o.trainings.participants),
      ...entries(o.trainings.bySex).map(([sex, value]) => row('trainings', 'participantsBySex', sex, value)),
      row('trainings', 'completed', '', o.trainings.completed),
      ...entries(o.trainings.completedBySex).map(([sex, value]) =>
        row('trainings', 'completedBySex', sex, value),
      ),
      row('trainings', 'agenciesTrained', '', o.trainings.agenciesTrained),
      ...o.trainings.agenciesTrainedByProvince.map((p) =>
        row('trainings', 'agenciesTrainedByProvince', p.province, p.count),
      ),
      row('certificates', 'valid', '', o.certificates.valid),
      row('certificates', 'suspended', '', o.certificates.suspended),
      row('certificates', 'expiringWithin90Days', '', o.certificates.expiringWithin90Days),
      row('certificates', 'issuedInPeriod', '', o.certificates.issuedInPeriod),
      ...o.certificates.issuedByMonth.map((m) => row('certificates', 'issuedByMonth', m.month, m.count)),
      ...entries(o.findings.open).map(([severity, value]) => row('findings', 'open', severity, value)),
      ...entries(o.findings.overdue).map(([severity, value]) => row('findings', 'overdue', severity, value)),
      ...o.findings.byPrinciple.flatMap((p) => [
        row('findings.byPrinciple', 'open', `${p.principle} ${p.title}`, p.open),
        row('findings.byPrinciple', 'overdue', `${p.principle} ${p.title}`, p.overdue),
      ]),
      row('findings', 'raisedInPeriod', '', o.findings.raisedInPeriod),
    ];
    return toCsv(rows, ['section', 'item', 'detail', 'value']);
  }

  /** Every certificate with its status as it reads today. */
  async certificatesCsv(): Promise<string> {
    const today = this.clock.today();
    const rows = (await this.repository.certificateList()).map((c) => {
      const status = effectiveCertificateStatus(c.status as CertificateStatus, c.expiresOn as string, today);
      return {
        ...c,
        status,
        statusReason: status === c.status ? c.statusReason : `The certificate expired on ${c.expiresOn}`,
        validUntil: addDays(c.expiresOn as string, -1),
      };
    });
    return toCsv(rows, [
      'number',
      'status',
      'statusReason',
      'licenceNumber',
      'nameLo',
      'nameEn',
      'province',
      'originalIssuedOn',
      'issuedOn',
      'validUntil',
      'expiresOn',
      'supersededBy',
    ]);
  }

  /** Every finding with its status and whether it is overdue today. */
  async findingsCsv(): Promise<string> {
    const today = this.clock.today();
    const rows = (await this.repository.findingList()).map((f) => ({
      ...f,
      overdue:
        f.status !== 'closed' &&
        f.severity !== 'observation' &&
        f.dueOn !== null &&
        (f.dueOn as string) < today,
    }));
    return toCsv(rows, [
      'licenceNumber',
      'nameLo',
      'nameEn',
      'caseId',
      'auditType',
      'auditConductedOn',
      'criterion',
      'principle',
      'severity',
      'status',
      'dueOn',
      'overdue',
      'closedOn',
      'description',
      'correctiveActionPlan',
    ]);
  }

  /** Who took part in the trainings held in the period, and whether they completed (names: staff only). */
  async participationCsv(query: ReportQueryDto): Promise<string> {
    const period = periodOf(query, this.clock.today());
    const share = this.trainingsService.completionShare;
    const rows = (await this.repository.participationList(period)).map((p) => ({
      ...p,
      completed:
        p.kind !== 'other' &&
        (p.days as number) > 0 &&
        (p.daysAttended as number) >= share * (p.days as number),
    }));
    return toCsv(rows, [
      'title',
      'kind',
      'trainingProvince',
      'firstDay',
      'lastDay',
      'days',
      'fullName',
      'sex',
      'position',
      'licenceNumber',
      'agencyNameLo',
      'agencyNameEn',
      'daysAttended',
      'completed',
    ]);
  }
}

function sexCounts(rows: { sex: string; count: number }[]): SexCountsDto {
  const counts = { female: 0, male: 0, other: 0 };
  for (const { sex, count } of rows)
    if ((SEXES as readonly string[]).includes(sex)) counts[sex as keyof SexCountsDto] += count;
  return counts;
}

function entries<T extends object>(figures: T): [string, number][] {
  return Object.entries(figures) as [string, number][];
}

function row(section: string, item: string, detail: string, value: number) {
  return { section, item, detail, value };
}
