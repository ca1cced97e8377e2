import { ApiDate } from '../common/api-docs';
import { IsOptional } from 'class-validator';
import { IsIsoDate } from '../common/validation';

export class ReportQueryDto {
  /** First day of the period (activity figures); default 1 January of this year. @example "2026-01-01" */
  @IsOptional()
  @IsIsoDate()
  from?: string;

  /** Last day of the period, inclusive; default today. @example "2026-11-24" */
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class PeriodDto {
  /** @example "2026-01-01" */
  @ApiDate()
  from: string;

  /** @example "2026-11-24" */
  @ApiDate()
  to: string;
}

export class LicenceStatusCountsDto {
  /** @example 21 */
  active: number;

  /** @example 1 */
  suspended: number;

  /** @example 1 */
  revoked: number;

  /** @example 2 */
  expired: number;
}

export class ProvinceFiguresDto {
  /** ISO 3166-2. @example "LA-VT" */
  province: string;

  /** @example "Vientiane Capital" */
  nameEn: string;

  /** @example "ນະຄອນຫຼວງວຽງຈັນ" */
  nameLo: string;

  /** Registered agencies. @example 9 */
  agencies: number;

  /** Of them, with an active licence today. @example 8 */
  activeLicences: number;

  /** Of them, trained: one of their staff completed an IRIS training (ever). @example 6 */
  trained: number;

  /** Of them, holding a valid certificate today. @example 1 */
  certified: number;
}

export class AgencyFiguresDto {
  /** @example 28 */
  total: number;

  /** As the statuses read today (an active licence past its date counts as expired). */
  byLicenceStatus: LicenceStatusCountsDto;

  /** The 18 provinces, in the reference order, zeros included. */
  byProvince: ProvinceFiguresDto[];
}

export class StageCountsDto {
  /** @example 1 */
  capacity_building: number;
  /** @example 1 */
  applied: number;
  /** @example 1 */
  audit: number;
  /** @example 1 */
  corrective_action: number;
  /** @example 1 */
  certified: number;
  /** @example 1 */
  suspended: number;
  /** @example 1 */
  withdrawn: number;
  /** @example 1 */
  expired: number;
  /** @example 1 */
  closed: number;
}

export class CaseFiguresDto {
  /** Every case by its stage today. */
  byStage: StageCountsDto;

  /** Cases opened in the period. @example 3 */
  openedInPeriod: number;

  /** Cases certified (first certification or recertification) in the period. @example 2 */
  certifiedInPeriod: number;
}

export class SexCountsDto {
  /** @example 23 */
  female: number;

  /** @example 14 */
  male: number;

  /** @example 0 */
  other: number;
}

export class TrainingFiguresDto {
  /** Trainings with at least one day in the period. @example 2 */
  held: number;

  /** Their participants: participations, so a person in two of these trainings counts twice. @example 37 */
  participants: number;

  /** Their participants by sex (participation is always reported by sex). */
  bySex: SexCountsDto;

  /** Their participants who completed them (completions; IRIS trainings only). @example 33 */
  completed: number;

  /** Completed participants by sex. */
  completedBySex: SexCountsDto;

  /** Agencies with staff who completed one of these trainings. @example 24 */
  agenciesTrained: number;

  /** The same, per province (provinces with none are left out). */
  agenciesTrainedByProvince: ProvinceCountDto[];
}

export class ProvinceCountDto {
  /** @example "LA-VT" */
  province: string;

  /** @example 9 */
  count: number;
}

export class MonthCountDto {
  /** @example "2026-02" */
  month: string;

  /** @example 1 */
  count: number;
}

export class CertificateFiguresDto {
  /** Valid today. @example 1 */
  valid: number;

  /** Suspended today. @example 1 */
  suspended: number;

  /** Valid today and expiring within 90 days. @example 0 */
  expiringWithin90Days: number;

  /** Issued in the period. @example 1 */
  issuedInPeriod: number;

  /** Issued per month of the period, every month listed (zeros included). */
  issuedByMonth: MonthCountDto[];
}

export class SeverityCountsDto {
  /** @example 1 */
  major: number;

  /** @example 2 */
  minor: number;

  /** @example 1 */
  observation: number;
}

export class PrincipleFindingsDto {
  /** The IRIS principle: A, B or 1–5. @example "1" */
  principle: string;

  /** @example "Prohibition of recruitment fees and related costs to jobseekers" */
  title: string;

  /** Major and minor findings not closed today (observations need no action and are left out). @example 2 */
  open: number;

  /** Of them, past their due date. @example 1 */
  overdue: number;
}

export class FindingFiguresDto {
  /** Findings not closed today, by severity. */
  open: SeverityCountsDto;

  /** Of them, past their due date (observations need no response and are never overdue). */
  overdue: SeverityCountsDto;

  /** Open and overdue major and minor findings per IRIS principle, in the Standard's order. */
  byPrinciple: PrincipleFindingsDto[];

  /** Findings raised in the period. @example 5 */
  raisedInPeriod: number;
}

/** `GET /reports/overview`: the programme's progress for the ministry's committee and IOM. */
export class ReportOverviewDto {
  /** The period of the activity figures (held, opened, issued, raised in the period). */
  period: PeriodDto;

  /** The day the current-state figures (statuses, stages, open findings) describe: today. @example "2026-11-24" */
  @ApiDate()
  asOf: string;

  agencies: AgencyFiguresDto;

  cases: CaseFiguresDto;

  trainings: TrainingFiguresDto;

  certificates: CertificateFiguresDto;

  findings: FindingFiguresDto;
}
