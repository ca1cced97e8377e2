import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CasesService } from '../certification/cases.service';
import { CaseQueryDto, CreateCaseDto, MoveCaseDto } from '../certification/certification.dto';
import { CertificationStage as Stage } from '../common/certification-stage';
import { DomainError } from '../common/errors';
import { Role } from '../common/role';
import { UuidParam } from '../common/validation';
import { CasePages } from './case-pages';
import { ConsolePages } from './console-pages';
import { formErrors, integer, list, text, validateForm } from './forms';
import { pageOf, pagerOf } from './listing';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';

/** Certification cases: the list with its filters, opening a case, one case and its moves. */
@StaffController()
@Controller('staff/cases')
export class StaffCasesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly casePages: CasePages,
    private readonly cases: CasesService,
  ) {}

  @Get()
  async listCases(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const paging = pageOf(query);
    const agency = await this.casePages.agencyFilter(staff, text(query.agency));
    const filters = await validateForm(CaseQueryDto, {
      stage: text(query.stage),
      auditorId: text(query.auditorId),
      needsAttention: text(query.needsAttention),
      surveillanceDueBefore: text(query.surveillanceDueBefore),
      agencyId: text(query.agencyId) ?? agency.id,
      ...paging,
    }).catch(() => null);
    const page = filters ? await this.cases.list(filters) : { items: [], total: 0 };
    return this.pages.send(reply, 'cases-list', staff, {
      title: this.pages.text(staff, 'console.cases.title'),
      section: 'cases',
      cases: page.items.map((c) => this.casePages.row(staff, c)),
      pager: pagerOf('/staff/cases', query, page.total, paging),
      filters: await this.casePages.listFilters(staff, query, agency.error),
      mayOpen: staff.roles.some((r) => [Role.Ministry, Role.Iom, Role.Admin].includes(r)),
    });
  }

  @Get('new')
  @StaffRoles(Role.Ministry, Role.Iom)
  async newCase(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.casePages.openForm(reply, staff, {});
  }

  @Post()
  @StaffRoles(Role.Ministry, Role.Iom)
  async openCase(
    @CurrentStaff() staff: Staff,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = text(body.agency);
    const auditorIds = list(body.auditorIds);
    try {
      const agency = await this.casePages.agencyNamed(staff, typed);
      const dto = await validateForm(CreateCaseDto, { agencyId: agency, auditorIds });
      const opened = await this.cases.open(dto, staff);
      return this.pages.redirect(
        reply,
        `/staff/cases/${opened.id}`,
        this.pages.text(staff, 'console.cases.opened'),
      );
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.casePages.openForm(reply, staff, { errors, typed, auditorIds }, 400);
    }
  }

  @Get(':id')
  async showCase(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    return this.casePages.casePage(reply, staff, id, {});
  }

  /** One move, as `POST /certifications/{id}/transitions`; a refusal shows on the case page itself. */
  @Post(':id/moves')
  @StaffRoles(Role.Auditor, Role.Ministry, Role.Iom)
  async moveCase(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const to = text(body.to) as Stage | undefined;
    try {
      const dto = await validateForm(MoveCaseDto, {
        to,
        reason: text(body.reason) ?? null,
        reasonLo: text(body.reasonLo) ?? null,
        version: integer(body.version),
      });
      const moved = await this.cases.move(id, dto, staff);
      const flash =
        to === Stage.Certified && moved.history.at(-1)?.from !== Stage.Suspended
          ? this.pages.text(staff, 'console.cases.certifiedFlash', { number: moved.certificateNumber })
          : this.pages.text(staff, 'console.cases.moved', {
              stage: this.pages.text(staff, `web.stage.${moved.stage}`),
            });
      return this.pages.redirect(reply, `/staff/cases/${id}`, flash);
    } catch (error) {
      const errors = this.casePages.moveErrors(staff, error);
      if (!errors) throw error;
      const typed = { to, reason: text(body.reason), reasonLo: text(body.reasonLo) };
      const status = error instanceof DomainError ? 409 : 400;
      return this.casePages.casePage(reply, staff, id, { moveErrors: errors, typed }, status);
    }
  }
}
