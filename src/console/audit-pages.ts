import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply } from 'fastify';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { FindingResponseDto } from '../certification/audits.dto';
import type { CaseResponseDto } from '../certification/certification.dto';
import { TERMINAL_STAGES } from '../certification/stages';
import { AuditsService } from '../certification/audits.service';
import { CasesService } from '../certification/cases.service';
import { FindingSeverity, FindingStatus } from '../certification/certification.enums';
import { findingMoveRefusal } from '../certification/finding-status';
import { FindingsService } from '../certification/findings.service';
import { formatDate, loadMessages } from '../common/i18n';
import { addDays } from '../common/lao-calendar';
import { Role } from '../common/role';
import type { AppConfig } from '../config/config';
import { ReferenceService } from '../reference/reference.service';
import { CasePages } from './case-pages';
import { ConsolePages } from './console-pages';
import type { FormErrors } from './forms';
import { optionsOf } from './listing';
import type { Staff } from './staff';

/** The corrective-action steps offered from each status, in the order an auditor takes them. */
const STEPS: Record<FindingStatus, { to: FindingStatus; key: string }[]> = {
  [FindingStatus.Open]: [
    { to: FindingStatus.ActionProposed, key: 'propose' },
    { to: FindingStatus.Closed, key: 'closeObservation' },
  ],
  [FindingStatus.ActionProposed]: [
    { to: FindingStatus.ActionAccepted, key: 'accept' },
    { to: FindingStatus.Open, key: 'sendBack' },
  ],
  [FindingStatus.ActionAccepted]: [{ to: FindingStatus.Closed, key: 'close' }],
  [FindingStatus.Closed]: [],
};

export interface FormState {
  errors?: FormErrors;
  typed?: Record<string, unknown>;
}

/** The audit page (record it, add findings) and the finding page (its corrective action), for the field. */
@Injectable()
export class AuditPages {
  constructor(
    private readonly pages: ConsolePages,
    private readonly casePages: CasePages,
    private readonly cases: CasesService,
    private readonly audits: AuditsService,
    private readonly findings: FindingsService,
    private readonly reference: ReferenceService,
    private readonly auditLog: AuditLogService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async auditPage(reply: FastifyReply, staff: Staff, id: string, state: FormState, status = 200) {
    const audit = await this.audits.requireById(id);
    const c = await this.cases.requireById(audit.caseId);
    const t = (key: string, values?: Record<string, unknown>) => this.pages.text(staff, key, values);
    const days = this.config.get('FINDING_DUE_DAYS', { infer: true });
    const messages = loadMessages(staff.language);
    const typed = state.typed ?? {};
    return this.pages.send(
      reply,
      'cases-audit',
      staff,
      {
        title: t('console.cases.audit.title', { type: t(`console.cases.auditType.${audit.type}`) }),
        section: 'cases',
        audit: { ...audit, typeLabel: t(`console.cases.auditType.${audit.type}`) },
        findings: audit.findings.map((f) => this.findingLabels(staff, f)),
        c: this.casePages.row(staff, c),
        mayAct: this.mayAct(staff, c),
        errors: state.errors,
        typed,
        // What the record form shows: what was typed and refused, else what is recorded.
        record: {
          conductedOn: typed.conductedOn ?? audit.conductedOn ?? '',
          summary: typed.summary ?? audit.summary ?? '',
        },
        criteria: await this.criteriaGroups(staff, typed.criterion as string | undefined),
        severities: optionsOf(
          Object.values(FindingSeverity),
          (s) => t(`console.cases.severity.${s}`),
          (typed.severity as string | undefined) ?? FindingSeverity.Minor,
        ),
        // What the service sets when the due date is left empty (audits.dto: FINDING_DUE_DAYS after the audit).
        dueHint: t('console.cases.finding.dueHint', {
          date: formatDate(addDays(audit.conductedOn ?? audit.plannedOn, days), staff.language, messages),
          days,
        }),
      },
      status,
    );
  }

  async findingPage(reply: FastifyReply, staff: Staff, id: string, state: FormState, status = 200) {
    const finding = await this.findings.requireById(id);
    const audit = await this.audits.requireById(finding.auditId);
    const c = await this.cases.requireById(finding.caseId);
    const t = (key: string, values?: Record<string, unknown>) => this.pages.text(staff, key, values);
    const history = await this.auditLog.list({ entityType: 'finding', entityId: id, limit: 50, offset: 0 });
    return this.pages.send(
      reply,
      'cases-finding',
      staff,
      {
        title: t('console.cases.finding.title', { criterion: finding.criterion }),
        section: 'cases',
        finding: this.findingLabels(staff, finding),
        audit: { ...audit, typeLabel: t(`console.cases.auditType.${audit.type}`) },
        c: this.casePages.row(staff, c),
        mayAct: this.mayAct(staff, c),
        steps: this.steps(staff, finding),
        errors: state.errors,
        plan: state.typed?.correctiveActionPlan ?? finding.correctiveActionPlan ?? '',
        history: [...history.items].reverse().map((entry) => ({
          by: entry.actorName,
          at: new Date(entry.occurredAt).toISOString(),
          what:
            entry.action === 'finding.created'
              ? t('console.cases.finding.created')
              : t(`console.cases.findingStatus.${(entry.after as { status: string }).status}`),
        })),
      },
      status,
    );
  }

  /** The case's auditors (and admins) record audits and findings, while the case is not final. */
  private mayAct(staff: Staff, c: CaseResponseDto): boolean {
    const assigned = staff.roles.includes(Role.Admin) || c.auditors.some((a) => a.id === staff.id);
    return assigned && !TERMINAL_STAGES.includes(c.stage);
  }

  /** Each step offered now, with the API's own verdict on it (a plan to propose is typed in the form). */
  private steps(staff: Staff, finding: FindingResponseDto) {
    return STEPS[finding.status]
      .filter((step) => step.key !== 'closeObservation' || finding.severity === FindingSeverity.Observation)
      .map((step) => {
        const refusal =
          step.to === FindingStatus.ActionProposed ? null : findingMoveRefusal(finding, step.to);
        return {
          ...step,
          label: this.pages.text(staff, `console.cases.finding.${step.key}`),
          refusal,
          withPlan: step.to === FindingStatus.ActionProposed,
        };
      });
  }

  findingLabels(staff: Staff, f: FindingResponseDto) {
    return {
      ...f,
      severityLabel: this.pages.text(staff, `console.cases.severity.${f.severity}`),
      statusLabel: this.pages.text(staff, `console.cases.findingStatus.${f.status}`),
    };
  }

  /** The IRIS Standard for a select: one group per principle (its name in the person's language). */
  private async criteriaGroups(staff: Staff, chosen?: string) {
    const { items } = await this.reference.listCriteria({ limit: 100, offset: 0 });
    const principles = items.filter((c) => c.code === c.principle);
    return principles.map((p) => ({
      label: `${p.code}. ${this.pages.text(staff, `report.principle.${p.code}`)}`,
      options: items
        .filter((c) => c.principle === p.code)
        .map((c) => ({
          value: c.code,
          label:
            c.code === p.code
              ? `${c.code} (${this.pages.text(staff, 'field.principle')})`
              : `${c.code} ${c.title}`,
          selected: c.code === chosen,
        })),
    }));
  }
}
