import { Controller, Get, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ChangeLicenceStatusDto, CreateAgencyDto, UpdateAgencyDto } from '../agencies/agencies.dto';
import { AgenciesService } from '../agencies/agencies.service';
import { ErrorCode } from '../common/errors';
import { Role } from '../common/role';
import { UuidParam } from '../common/validation';
import { agencyBody, agencyFormValues, formValuesOf, openedValues, resolveConflict } from './agency-forms';
import { AgencyPages } from './agency-pages';
import { ConsolePages } from './console-pages';
import { formErrors, integer, text, validateForm } from './forms';
import { CurrentStaff, FormFields, type Staff, StaffController, StaffRoles } from './staff.decorators';

type Form = Record<string, unknown>;

/** Registering and editing agencies, and changing a licence's status: ministry officials (and admins). */
@StaffController()
@StaffRoles(Role.Ministry)
@Controller('staff/agencies')
export class AgencyFormsController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly agencyPages: AgencyPages,
    private readonly agencies: AgenciesService,
  ) {}

  @Get('new')
  newAgency(@CurrentStaff() staff: Staff, @Res() reply: FastifyReply) {
    return this.agencyPages.sendForm(reply, staff, { values: { destinationCountries: [] } });
  }

  @Post()
  async createAgency(@CurrentStaff() staff: Staff, @FormFields() body: Form, @Res() reply: FastifyReply) {
    const values = agencyFormValues(body);
    try {
      const dto = await validateForm(CreateAgencyDto, agencyBody(values, 'create'));
      const agency = await this.agencies.create(dto, staff);
      const flash = this.pages.text(staff, 'console.agencies.created', { number: agency.licenceNumber });
      return this.pages.redirect(reply, `/staff/agencies/${agency.id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.agencyPages.sendForm(reply, staff, { values, errors }, 400);
    }
  }

  @Get(':id/edit')
  async editAgency(@CurrentStaff() staff: Staff, @UuidParam() id: string, @Res() reply: FastifyReply) {
    const agency = await this.agencies.get(id);
    const values = formValuesOf(agency);
    return this.agencyPages.sendForm(reply, staff, {
      values,
      agency,
      version: agency.version,
      opened: values,
    });
  }

  /**
   * Saves an edit. When someone else saved the agency since the form was opened, the form comes back with
   * what they changed and the new version, ready to re-apply this person's changes on top with one click.
   */
  @Post(':id')
  async updateAgency(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Form,
    @Res() reply: FastifyReply,
  ) {
    const values = { ...agencyFormValues(body), licenceNumber: undefined };
    const version = integer(body.version);
    const opened = openedValues(body.opened) ?? values;
    try {
      const dto = await validateForm(UpdateAgencyDto, { ...agencyBody(values, 'update'), version });
      await this.agencies.update(id, dto, staff);
      return this.pages.redirect(
        reply,
        `/staff/agencies/${id}`,
        this.pages.text(staff, 'console.agencies.saved'),
      );
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      const agency = await this.agencies.get(id);
      if (errors.code !== ErrorCode.StaleVersion) {
        return this.agencyPages.sendForm(reply, staff, { values, errors, agency, version, opened }, 400);
      }
      const current = formValuesOf(agency);
      const { rows, mine, merged } = resolveConflict(opened, current, values);
      return this.agencyPages.sendForm(
        reply,
        staff,
        { values: merged, errors, agency, version: agency.version, opened: current, conflict: rows, mine },
        409,
      );
    }
  }

  @Post(':id/licence')
  async changeLicenceStatus(
    @CurrentStaff() staff: Staff,
    @UuidParam() id: string,
    @FormFields() body: Form,
    @Res() reply: FastifyReply,
  ) {
    const form = { status: text(body.status), reason: text(body.reason), version: integer(body.version) };
    try {
      const dto = await validateForm(ChangeLicenceStatusDto, form);
      await this.agencies.changeLicenceStatus(id, dto, staff);
      const status = this.pages.text(staff, `console.agencies.licence.${dto.status}`);
      const flash = this.pages.text(staff, 'console.agencies.licenceChanged', { status });
      return this.pages.redirect(reply, `/staff/agencies/${id}`, flash);
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.agencyPages.sendAgency(reply, staff, id, { ...form, errors }, 400);
    }
  }
}
