import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { LicenceStatus } from '../agencies/licence-status';
import { AuditsService } from '../certification/audits.service';
import { CasesService } from '../certification/cases.service';
import type { CaseResponseDto } from '../certification/certification.dto';
import { AuditType } from '../certification/certification.enums';
import { CertificationStage as Stage } from '../common/certification-stage';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { formatDate, loadMessages } from '../common/i18n';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import { ruleSentence } from './case-wording';
import { ConsolePages } from './console-pages';
import { type FormErrors, formErrors } from './forms';
import { optionsOf } from './listing';
import type { Staff } from './staff';

/** A case page's form state after a refused submission. */
export interface CasePageState {
  moveErrors?: FormErrors;
  planErrors?: FormErrors;
  typed?: Record<string, unknown>;
}

const STAGES = Object.values(Stage);
const AGENCY_CHOICES = 100;
const FILTERS = ['stage', 'agency', 'agencyId', 'auditorId', 'surveillanceDueBefore', 'needsAttention'];

/** What the case pages show, built from the certification services' answers, in the person's language. */
@Injectable()
export class CasePages {
  constructor(
    private readonly pages: ConsolePages,
    private readonly cases: CasesService,
    private readonly audits: AuditsService,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
  ) {}

  /** A rule's sentence (a refusal, a ground, an attention line) in the person's language. */
  sentence(staff: Staff, sentence: string): string {
    const messages = loadMessages(staff.language);
    return ruleSentence(
      sentence,
      staff.language,
      (key, values) => this.pages.text(staff, key, values),
      (day) => formatDate(day, staff.language, messages),
    );
  }

  /**
   * A refused move as the page shows it: each unmet condition in the person's language (the missing reason
   * by its field); other refusals as any form shows them.
   */
  moveErrors(staff: Staff, error: unknown): FormErrors | null {
    if (
      !(error instanceof DomainError) ||
      error.code !== ErrorCode.CaseGuardFailed ||
      !error.errors?.length
    ) {
      return formErrors(error, staff.language);
    }
    const result: FormErrors = { summary: [], fields: {}, code: error.code };
    for (const { message } of error.errors) {
      const field = message.startsWith('a reason is required') ? 'reason' : undefined;
      const worded = this.sentence(staff, message);
      result.summary.push({ field, message: worded });
      if (field) result.fields[field] = worded;
    }
    return result;
  }

  /** One line of the case list. */
  row(staff: Staff, c: CaseResponseDto) {
    return {
      ...c,
      agencyName: staff.language === 'lo' ? c.agency.nameLo : c.agency.nameEn,
      auditorNames: c.auditors.map((a) => a.name).join(', '),
      attention: c.attention.map((line) => this.sentence(staff, line)),
    };
  }

  /** The case list's filter form, with the values in the address. */
  async listFilters(staff: Staff, query: Record<string, unknown>, agencyError?: string) {
    const value = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
    const auditors = new Map((await this.auditorChoices(staff)).map((a) => [a.id, a.name]));
    return {
      stages: optionsOf(STAGES, (s) => this.pages.text(staff, `web.stage.${s}`), value('stage')),
      auditors: optionsOf([...auditors.keys()], (id) => auditors.get(id)!, value('auditorId')),
      agency: value('agency') ?? '',
      agencyError,
      agencies: await this.agencyChoices(staff, false),
      needsAttention: value('needsAttention') === 'true',
      surveillanceDueBefore: value('surveillanceDueBefore') ?? '',
      // How many filters are on, for the folded filter form's title.
      active: FILTERS.filter((key) => value(key) !== undefined && value(key) !== '').length,
    };
  }

  /** The active auditors, by name (the people a case is assigned to). */
  async auditorChoices(staff: Staff): Promise<{ id: string; name: string }[]> {
    const page = await this.users.list({ role: Role.Auditor, active: true, limit: 100, offset: 0 }, staff);
    return page.items.map(({ id, name }) => ({ id, name }));
  }

  /** The agencies to pick from by typing: "name · licence number", in the person's language. */
  async agencyChoices(staff: Staff, activeOnly: boolean) {
    const page = await this.agencies.list({
      limit: AGENCY_CHOICES,
      offset: 0,
      ...(activeOnly ? { licenceStatus: LicenceStatus.Active } : {}),
    });
    return page.items.map((a) => ({
      label: `${staff.language === 'lo' ? a.nameLo : a.nameEn} · ${a.licenceNumber}`,
    }));
  }

  /**
   * The agency a person typed: "name · licence number" as the list offers it, or a part of its name or
   * licence number that only one agency has. Throws the field's refusal otherwise.
   */
  async agencyNamed(staff: Staff, typed: string | undefined): Promise<string | undefined> {
    if (!typed) return undefined;
    const licence = typed.includes(' · ') ? typed.split(' · ').pop()!.trim() : typed;
    const exact = await this.agencies.idsByLicenceNumber([licence]);
    if (exact.has(licence)) return exact.get(licence);
    const found = await this.agencies.list({ q: typed, limit: 2, offset: 0 });
    if (found.total === 1) return found.items[0].id;
    const key = found.total === 0 ? 'agencyNotFound' : 'agencyAmbiguous';
    const message = this.pages.text(staff, `console.cases.${key}`, { typed, count: found.total });
    throw new ValidationFailedException([{ field: 'agencyId', message }]);
  }

  /** The list's agency filter: the agency's id, or the reason none was found. */
  async agencyFilter(staff: Staff, typed: string | undefined): Promise<{ id?: string; error?: string }> {
    try {
      return { id: await this.agencyNamed(staff, typed) };
    } catch (error) {
      if (error instanceof ValidationFailedException) return { error: error.errors?.[0]?.message };
      throw error;
    }
  }

  async openForm(
    reply: FastifyReply,
    staff: Staff,
    state: { errors?: FormErrors; typed?: string; auditorIds?: string[] },
    status = 200,
  ) {
    const auditors = await this.auditorChoices(staff);
    return this.pages.send(
      reply,
      'cases-open',
      staff,
      {
        title: this.pages.text(staff, 'console.cases.openTitle'),
        section: 'cases',
        agencies: await this.agencyChoices(staff, true),
        typed: state.typed ?? '',
        auditors: auditors.map((a) => ({
          value: a.id,
          label: a.name,
          checked: state.auditorIds?.includes(a.id) ?? false,
        })),
        errors: state.errors,
      },
      status,
    );
  }

  /** The case page: stage, what needs attention, the moves this person may make, audits, timeline. */
  async casePage(reply: FastifyReply, staff: Staff, id: string, state: CasePageState, status = 200) {
    const c = await this.cases.requireById(id);
    const moves = await this.cases.moves(id, staff);
    const { items: audits } = await this.audits.listForCase(id);
    const isCaseAuditor =
      staff.roles.includes(Role.Admin) || c.auditors.some((auditor) => auditor.id === staff.id);
    const final = moves.items.length === 0;
    const t = (key: string, values?: Record<string, unknown>) => this.pages.text(staff, key, values);
    return this.pages.send(
      reply,
      'cases-case',
      staff,
      {
        title: staff.language === 'lo' ? c.agency.nameLo : c.agency.nameEn,
        section: 'cases',
        c: this.row(staff, c),
        version: moves.version,
        moves: moves.items
          // The service expires a case itself at its certificate's end: nobody makes that move.
          .filter((move) => move.to !== Stage.Expired)
          .map((move) => ({
            ...move,
            label: t(moveLabel(c.stage, move.to)),
            refusals: move.refusals.map((r) => this.sentence(staff, r)),
            grounds: move.grounds?.map((g) => this.sentence(staff, g)),
            isPublic: move.to === Stage.Suspended || move.to === Stage.Withdrawn,
            isSuspension: move.to === Stage.Suspended,
            errors: state.typed?.to === move.to ? state.moveErrors : undefined,
            typed: state.typed?.to === move.to ? state.typed : {},
          })),
        moveErrors: state.moveErrors,
        final,
        history: c.history.map((step) => ({ ...step, at: new Date(step.at).toISOString() })),
        audits: audits.map((audit) => ({
          ...audit,
          typeLabel: t(`console.cases.auditType.${audit.type}`),
          findings: audit.findings.map((f) => ({
            ...f,
            severityLabel: t(`console.cases.severity.${f.severity}`),
            statusLabel: t(`console.cases.findingStatus.${f.status}`),
          })),
        })),
        mayPlan: isCaseAuditor && !final,
        plan: {
          types: optionsOf(
            Object.values(AuditType),
            (type) => t(`console.cases.auditType.${type}`),
            state.typed?.type as string | undefined,
          ),
          plannedOn: state.typed?.plannedOn ?? '',
          auditors: c.auditors.map((a) => ({
            value: a.id,
            label: a.name,
            checked: (state.typed?.auditorIds as string[] | undefined)?.includes(a.id) ?? false,
          })),
          errors: state.planErrors,
        },
      },
      status,
    );
  }
}

/** The words of a move's button: reinstating and re-auditing are not the first certification or audit. */
function moveLabel(from: Stage, to: Stage): string {
  if (from === Stage.Suspended && to === Stage.Certified) return 'console.cases.moveTo.reinstate';
  if (from === Stage.CorrectiveAction && to === Stage.Audit) return 'console.cases.moveTo.reaudit';
  return `console.cases.moveTo.${to}`;
}
