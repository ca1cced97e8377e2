import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditsService } from '../certification/audits.service';
import { CasesService } from '../certification/cases.service';
import { Clock } from '../common/clock';
import { addDays } from '../common/lao-calendar';
import { CertificationCase } from '../certification/certification-case.entity';
import { CertificationStage as Stage } from '../common/certification-stage';
import { FindingSeverity, FindingStatus } from '../certification/certification.enums';
import { FindingsService } from '../certification/findings.service';
import type { Actor } from '../common/auth.decorators';
import type { AppConfig } from '../config/config';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DemoAudit, DemoCase, demoCases, DemoFinding, DemoStep } from './demo-certification';
import { DemoDates } from './demo-dates';

interface DemoActors {
  auditor: Actor;
  ministry: Actor;
}

/** Statuses a finding passes through on its way to `status`, each one a real update. */
const STATUS_PATH: Record<FindingStatus, FindingStatus[]> = {
  [FindingStatus.Open]: [],
  [FindingStatus.ActionProposed]: [FindingStatus.ActionProposed],
  [FindingStatus.ActionAccepted]: [FindingStatus.ActionProposed, FindingStatus.ActionAccepted],
  [FindingStatus.Closed]: [FindingStatus.ActionProposed, FindingStatus.ActionAccepted, FindingStatus.Closed],
};

/**
 * The days of a case's opening and moves: a step's own `on`, and for the undated moves before the
 * first dated one, a week apart leading up to it, so the public history reads in order. Later
 * undated moves happen today. A case with no dated move opens on `openedOn` (or today).
 */
export function backDates(
  steps: DemoStep[],
  openedOn?: string,
): { opened?: string; steps: (string | undefined)[] } {
  const dates: (string | undefined)[] = steps.map((step) => ('to' in step ? step.on : undefined));
  const first = dates.findIndex((day) => day !== undefined);
  if (first < 0) return { opened: openedOn, steps: dates };
  let day = dates[first]!;
  for (let i = first - 1; i >= 0; i--) {
    if (!('to' in steps[i])) continue;
    day = addDays(day, -7);
    dates[i] = day;
  }
  return { opened: addDays(day, -7), steps: dates };
}

/** The demo certification cases (demo-certification.ts), walked through the real services. */
@Injectable()
export class DemoCertificationService {
  constructor(
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
    private readonly cases: CasesService,
    private readonly audits: AuditsService,
    private readonly findings: FindingsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens and walks each demo case whose agency has no certification case yet, dated back from the
   * Clock's today; returns how many.
   */
  async load(): Promise<number> {
    const actors = await this.actors();
    const demo = demoCases(new DemoDates(this.clock.today()));
    const ids = await this.agencies.idsByLicenceNumber(demo.map((c) => c.licenceNumber));
    let created = 0;
    // In the order they were certified, so each year's certificate numbers follow the issue dates.
    const ordered = [...demo].sort((a, b) => certifiedOn(a).localeCompare(certifiedOn(b)));
    for (const { licenceNumber, steps, openedOn } of ordered) {
      const agencyId = ids.get(licenceNumber);
      if (!agencyId || (await this.dataSource.getRepository(CertificationCase).existsBy({ agencyId }))) {
        continue;
      }
      const dates = backDates(steps, openedOn);
      const { id } = await this.on(dates.opened, () =>
        this.cases.open({ agencyId, auditorIds: [actors.auditor.id] }, actors.ministry),
      );
      for (const [i, step] of steps.entries()) await this.apply(id, step, actors, dates.steps[i]);
      created++;
    }
    return created;
  }

  private async apply(caseId: string, step: DemoStep, actors: DemoActors, on?: string): Promise<void> {
    // A conducted audit is recorded on its day, so its findings' status changes carry that date too.
    if ('audit' in step) {
      return this.on(step.audit.conductedOn, () => this.audit(caseId, step.audit, actors.auditor));
    }
    // Expiry is never a user's move: the nightly job makes it once the (back-dated) certificate lapsed.
    if (step.to === Stage.Expired) return void (await this.cases.expireLapsedCases());
    const { version } = await this.cases.requireById(caseId);
    const actor = step.by === 'ministry' ? actors.ministry : actors.auditor;
    const { to, reason = null, reasonLo = null } = step;
    await this.on(on, () => this.cases.move(caseId, { to, reason, reasonLo, version }, actor));
  }

  /** Runs `work` on the Lao day `day` by the service's clock (the history's dates), or today. */
  private on<T>(day: string | undefined, work: () => Promise<T>): Promise<T> {
    return day ? this.clock.during(day, work) : work();
  }

  private async audit(caseId: string, demo: DemoAudit, auditor: Actor): Promise<void> {
    const audit = await this.audits.create(caseId, { type: demo.type, plannedOn: demo.plannedOn }, auditor);
    if (!demo.conductedOn) return;
    const { conductedOn, summary } = demo;
    await this.audits.update(audit.id, { conductedOn, summary, version: audit.version }, auditor);
    for (const finding of demo.findings ?? []) await this.finding(audit.id, finding, auditor);
  }

  private async finding(auditId: string, demo: DemoFinding, auditor: Actor): Promise<void> {
    const { plan, status, ...dto } = demo;
    let { id, version } = await this.findings.create(auditId, dto, auditor);
    const observationClosed =
      demo.severity === FindingSeverity.Observation && status === FindingStatus.Closed;
    const path = observationClosed && !plan ? [FindingStatus.Closed] : STATUS_PATH[status];
    for (const next of path) {
      ({ id, version } = await this.findings.update(
        id,
        { status: next, correctiveActionPlan: plan, version },
        auditor,
      ));
    }
  }

  /** Moves are made by real users (the history names them): the demo auditor and ministry accounts. */
  private async actors(): Promise<DemoActors> {
    const [auditor, ministry] = await Promise.all(
      [Role.Auditor, Role.Ministry].map(async (role) => {
        const { email } = DEMO_ACCOUNTS.find((a) => a.role === role)!;
        const user = await this.users.findByEmail(email);
        if (!user) throw new Error(`The demo account ${email} is missing`);
        return { id: user.id, email: user.email, name: user.name, roles: user.roles, requestId: '' };
      }),
    );
    return { auditor, ministry };
  }
}

/** The day a demo case is certified (the first time), or a date after every other for one never certified. */
function certifiedOn(demo: DemoCase): string {
  for (const step of demo.steps) {
    if ('to' in step && step.to === Stage.Certified) return step.on ?? '9999-12-31';
  }
  return '9999-12-31';
}
