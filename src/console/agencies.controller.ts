import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AgencyFilterDto } from '../agencies/agencies.dto';
import { AgenciesService } from '../agencies/agencies.service';
import { UuidParam } from '../common/validation';
import { AgencyPages, LICENCE_TONE } from './agency-pages';
import { ConsolePages } from './console-pages';
import { formErrors, text, validateForm } from './forms';
import { pageOf, pagerOf } from './listing';
import { CurrentStaff, type Staff, StaffController } from './staff.decorators';

const FILTERS = [
  'q',
  'province',
  'licenceStatus',
  'certificationStage',
  'destinationCountry',
  'expiresBefore',
  'sort',
] as const;

/** The agency register: search and filter it, export what is shown, open one agency. */
@StaffController()
@Controller('staff/agencies')
export class AgenciesConsoleController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly agencyPages: AgencyPages,
    private readonly agencies: AgenciesService,
  ) {}

  @Get()
  async listAgencies(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const typed = filtersOf(query);
    const page = pageOf(query);
    let filter: AgencyFilterDto = {};
    let errors = null;
    try {
      filter = await validateForm(AgencyFilterDto, typed);
    } catch (error) {
      errors = formErrors(error, staff.language);
      if (!errors) throw error;
    }
    const result = errors
      ? { items: [], total: 0, totalExact: true }
      : await this.agencies.list({ ...filter, ...page });
    const exportQuery = new URLSearchParams(
      Object.entries(typed).filter((e): e is [string, string] => e[1] !== undefined),
    ).toString();
    return this.pages.send(
      reply,
      'agencies-list',
      staff,
      {
        title: this.pages.text(staff, 'console.agencies.title'),
        section: 'agencies',
        filters: typed,
        filtered: Object.keys(typed).some((key) => key !== 'sort'),
        options: this.agencyPages.filterOptions(staff, typed),
        agencies: result.items.map((agency) => ({ ...agency, tone: LICENCE_TONE[agency.licenceStatus] })),
        pager: pagerOf('/staff/agencies', query, result.total, page, result.totalExact),
        exportHref: `/staff/agencies/export.csv${exportQuery ? `?${exportQuery}` : ''}`,
        canWrite: this.agencyPages.canWrite(staff),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  @Get('export.csv')
  async exportAgencies(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const filter = await validateForm(AgencyFilterDto, filtersOf(query));
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="agencies.csv"')
      .header('Cache-Control', 'no-store')
      .send(await this.agencies.exportCsv(filter));
  }

  @Get(':id')
  async showAgency(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    return this.agencyPages.sendAgency(reply, staff, id);
  }
}

/** The filters typed in the address, each one string or left out. */
function filtersOf(query: Record<string, unknown>): Partial<Record<(typeof FILTERS)[number], string>> {
  return Object.fromEntries(FILTERS.map((key) => [key, text(query[key])]).filter(([, v]) => v !== undefined));
}
