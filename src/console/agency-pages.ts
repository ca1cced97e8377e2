import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AgencyResponseDto } from '../agencies/agencies.dto';
import { AgenciesService } from '../agencies/agencies.service';
import { licenceChangeRefusal, LicenceStatus } from '../agencies/licence-status';
import { Clock } from '../common/clock';
import { formatDate, loadMessages } from '../common/i18n';
import { Role } from '../common/role';
import { PublicAgenciesService } from '../public/public-agencies.service';
import { UsersService } from '../users/users.service';
import { agencyOptions } from './agency-options';
import {
  AGENCY_FIELDS,
  type AgencyFormValues,
  type ConflictRow,
  COMMON_DESTINATIONS,
  onTypedCountries,
} from './agency-forms';
import { ConsolePages } from './console-pages';
import type { FormErrors } from './forms';
import type { Staff } from './staff';

/** How a licence status looks: a badge's colour. */
export const LICENCE_TONE: Record<LicenceStatus, 'ok' | 'warn' | 'bad'> = {
  [LicenceStatus.Active]: 'ok',
  [LicenceStatus.Suspended]: 'warn',
  [LicenceStatus.Revoked]: 'bad',
  [LicenceStatus.Expired]: 'bad',
};

/** What the agency form shows besides its values: errors, and a version conflict to resolve. */
export interface AgencyFormState {
  values: AgencyFormValues;
  errors?: FormErrors | null;
  /** Editing: the agency, its version and the values the form was opened with. */
  agency?: AgencyResponseDto;
  version?: number;
  opened?: AgencyFormValues;
  conflict?: ConflictRow[];
  /** With a conflict: this person's changes to fields the other person left alone. */
  mine?: ConflictRow[];
}

/** The agency pages that several console routes render: the agency itself, and its form. */
@Injectable()
export class AgencyPages {
  constructor(
    private readonly pages: ConsolePages,
    private readonly agencies: AgenciesService,
    private readonly publicAgencies: PublicAgenciesService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Ministry officials (and admins) change the register; everyone else reads it. */
  canWrite(staff: Staff): boolean {
    return staff.roles.includes(Role.Ministry) || staff.roles.includes(Role.Admin);
  }

  filterOptions(staff: Staff, filters: Record<string, string | undefined>) {
    const options = agencyOptions(this.pages, staff.language);
    return {
      provinces: options.provinces(filters.province),
      statuses: options.statuses(filters.licenceStatus),
      stages: options.stages(filters.certificationStage),
      sorts: options.sorts(filters.sort),
      countries: options.countries(filters.destinationCountry ? [filters.destinationCountry] : []),
    };
  }

  /** One agency: licence, history, certification, trained staff, public timeline; the licence form. */
  async sendAgency(
    reply: FastifyReply,
    staff: Staff,
    id: string,
    licence: { errors?: FormErrors | null; status?: string; reason?: string } = {},
    code = 200,
  ) {
    const agency = await this.agencies.get(id);
    const [history, profile] = [await this.agencies.licenceHistory(id), await this.publicAgencies.detail(id)];
    const names = await this.users.namesOf(
      history.items.flatMap((change) => (change.changedBy ? [change.changedBy] : [])),
    );
    const today = this.clock.today();
    const moves = Object.values(LicenceStatus).filter(
      (to) => licenceChangeRefusal(agency.licenceStatus, to, agency.licenceExpiresOn, today) === null,
    );
    const options = agencyOptions(this.pages, staff.language);
    return this.pages.send(
      reply,
      'agencies-agency',
      staff,
      {
        title: staff.language === 'lo' ? agency.nameLo : agency.nameEn,
        section: 'agencies',
        agency,
        tone: LICENCE_TONE[agency.licenceStatus],
        countries: agency.destinationCountries.map(options.countryName),
        history: history.items.map((change) => ({
          ...change,
          by: change.changedBy ? (names.get(change.changedBy) ?? '') : null,
        })),
        trainedStaff: profile.trainedStaff,
        certificate: profile.certification.certificate,
        timeline: profile.history,
        publicHref: `/agencies/${id}?lang=${staff.language}`,
        canWrite: this.canWrite(staff),
        moves: options.statuses(licence.status, moves),
        licence,
      },
      code,
    );
  }

  /** The register-or-edit form, with its values as typed (countries checked, or typed by name). */
  sendForm(reply: FastifyReply, staff: Staff, state: AgencyFormState, code = 200) {
    const options = agencyOptions(this.pages, staff.language);
    const { values, agency } = state;
    const common = COMMON_DESTINATIONS as readonly string[];
    const others = values.destinationCountries.filter((code) => !common.includes(code));
    const shown = (row: ConflictRow) => ({
      label: this.pages.text(staff, `field.${row.field}`),
      theirs: this.display(staff, row.field, row.theirs),
      yours: this.display(staff, row.field, row.yours),
      clash: row.clash,
    });
    const title = agency
      ? this.pages.text(staff, 'console.agencies.editTitle', {
          name: staff.language === 'lo' ? agency.nameLo : agency.nameEn,
        })
      : this.pages.text(staff, 'console.agencies.newTitle');
    return this.pages.send(
      reply,
      'agencies-form',
      staff,
      {
        title,
        section: 'agencies',
        agency,
        action: agency ? `/staff/agencies/${agency.id}` : '/staff/agencies',
        cancel: agency ? `/staff/agencies/${agency.id}` : '/staff/agencies',
        values,
        otherCountries: others.map(options.countryName).join(', '),
        provinces: options.provinces(values.province),
        countries: options.countries(values.destinationCountries),
        errors:
          state.errors &&
          onTypedCountries(state.errors, this.pages.text(staff, 'console.agencies.unknownCountry')),
        version: state.version,
        opened: state.opened && JSON.stringify(state.opened),
        conflict: state.conflict?.map(shown),
        mine: state.mine?.map(shown),
      },
      code,
    );
  }

  /** A field's value as a person reads it: a province or country by name, a date in their calendar. */
  private display(staff: Staff, field: (typeof AGENCY_FIELDS)[number], value: string | string[] | undefined) {
    const options = agencyOptions(this.pages, staff.language);
    if (value === undefined || value.length === 0) return this.pages.text(staff, 'console.agencies.empty');
    if (Array.isArray(value)) return value.map(options.countryName).join(', ');
    if (field === 'province') return options.provinceName(value);
    if ((field === 'licenceIssuedOn' || field === 'licenceExpiresOn') && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return formatDate(value, staff.language, loadMessages(staff.language));
    }
    return value;
  }
}
