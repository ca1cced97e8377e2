import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  CreateAuditDto,
  CreateFindingDto,
  UpdateAuditDto,
  UpdateFindingDto,
} from '../certification/audits.dto';
import { AuditsService } from '../certification/audits.service';
import { FindingsService } from '../certification/findings.service';
import { AgenciesService } from '../agencies/agencies.service';
import { Role } from '../common/role';
import { UuidParam } from '../common/validation';
import { AuditPages } from './audit-pages';
import { CasePages } from './case-pages';
import { ConsolePages } from './console-pages';
import { formErrors, integer, list, text, validateForm } from './forms';
import { pageOf, pagerOf } from './listing';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';

/** Audits and findings in the field: plan and record an audit, record findings, the corrective action. */
@StaffController()
@Controller('staff')
export class CaseAuditsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly casePages: CasePages,
    private readonly auditPages: AuditPages,
    private readonly audits: AuditsService,
    private readonly findings: FindingsService,
    private readonly agencies: AgenciesService,
  ) {}

  /** As `POST /certifications/{id}/audits`. */
  @Post('cases/:id/audits')
  @StaffRoles(Role.Auditor)
  async planAudit(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = {
      type: text(body.type),
      plannedOn: text(body.plannedOn),
      auditorIds: list(body.auditorIds),
    };
    try {
      const dto = await validateForm(CreateAuditDto, {
        ...typed,
        auditorIds: typed.auditorIds.length ? typed.auditorIds : undefined,
      });
      const audit = await this.audits.create(id, dto, staff);
      const flash = this.pages.text(staff, 'console.cases.auditPlanned');
      return this.pages.redirect(reply, `/staff/audits/${audit.id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.casePages.casePage(reply, staff, id, { planErrors: errors, typed }, 400);
    }
  }

  @Get('audits/:id')
  showAudit(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    return this.auditPages.auditPage(reply, staff, id, {});
  }

  /** As `PATCH /audits/{id}`: the day it was conducted and its summary. */
  @Post('audits/:id')
  @StaffRoles(Role.Auditor)
  async recordAudit(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = { conductedOn: text(body.conductedOn) ?? null, summary: text(body.summary) ?? null };
    try {
      const dto = await validateForm(UpdateAuditDto, { ...typed, version: integer(body.version) });
      await this.audits.update(id, dto, staff);
      const flash = this.pages.text(staff, 'console.cases.audit.saved');
      return this.pages.redirect(reply, `/staff/audits/${id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.auditPages.auditPage(reply, staff, id, { errors, typed }, 400);
    }
  }

  /** As `POST /audits/{id}/findings`; an empty due date takes the service's default. */
  @Post('audits/:id/findings')
  @StaffRoles(Role.Auditor)
  async addFinding(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = {
      criterion: text(body.criterion),
      severity: text(body.severity),
      description: text(body.description),
      evidence: text(body.evidence) ?? null,
      dueOn: text(body.dueOn),
    };
    try {
      const finding = await this.findings.create(id, await validateForm(CreateFindingDto, typed), staff);
      const flash = this.pages.text(staff, 'console.cases.finding.added');
      return this.pages.redirect(reply, `/staff/findings/${finding.id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.auditPages.auditPage(reply, staff, id, { errors, typed }, 400);
    }
  }

  /** Findings past their due date, the longest overdue first (an auditor's own cases with `auditorId`). */
  @Get('findings')
  async overdueFindings(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const paging = pageOf(query);
    const auditorId = text(query.auditorId);
    const page = await this.findings.listOverdue({
      auditorId: auditorId && /^[0-9a-f-]{36}$/i.test(auditorId) ? auditorId : undefined,
      ...paging,
    });
    const agencies = await this.agencies.summariesOf(page.items.map((f) => f.agencyId));
    return this.pages.send(reply, 'cases-overdue', staff, {
      title: this.pages.text(staff, 'console.cases.overdue.title'),
      section: 'cases',
      findings: page.items.map((f) => {
        const agency = agencies.get(f.agencyId);
        const agencyName = staff.language === 'lo' ? agency?.nameLo : agency?.nameEn;
        return { ...this.auditPages.findingLabels(staff, f), agencyName };
      }),
      pager: pagerOf('/staff/findings', query, page.total, paging),
    });
  }

  @Get('findings/:id')
  showFinding(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    return this.auditPages.findingPage(reply, staff, id, {});
  }

  /** As `PATCH /findings/{id}`: propose a plan, accept it or send it back, close the finding. */
  @Post('findings/:id')
  @StaffRoles(Role.Auditor)
  async moveFinding(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = { status: text(body.status), correctiveActionPlan: text(body.correctiveActionPlan) };
    try {
      const dto = await validateForm(UpdateFindingDto, { ...typed, version: integer(body.version) });
      const finding = await this.findings.update(id, dto, staff);
      const status = this.pages.text(staff, `console.cases.findingStatus.${finding.status}`);
      const flash = this.pages.text(staff, 'console.cases.finding.saved', { status });
      return this.pages.redirect(reply, `/staff/findings/${id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.auditPages.findingPage(reply, staff, id, { errors, typed }, 400);
    }
  }
}
