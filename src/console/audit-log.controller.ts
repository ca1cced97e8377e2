import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditLogQueryDto, type AuditLogEntryDto } from '../audit-log/audit-log.dto';
import { AuditLogService } from '../audit-log/audit-log.service';
import { CertificationStage } from '../common/certification-stage';
import { loadMessages } from '../common/i18n';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import { auditDiff } from './audit-diff';
import { ConsolePages } from './console-pages';
import { formErrors, text, validateForm } from './forms';
import { optionsOf, pageOf, pagerOf } from './listing';
import { CurrentStaff, type Staff, StaffController, StaffRoles } from './staff.decorators';

/** The kinds of record the log holds, in the order the filter offers them. */
const ENTITY_TYPES = [
  'agency',
  'training',
  'participant',
  'certification_case',
  'audit',
  'finding',
  'certificate',
  'criterion',
  'user',
  'signing_key',
  'job',
] as const;

/** Every action the services record (the filter's choices; each worded in templates/i18n). */
const ACTIONS = [
  'agency.created',
  'agency.updated',
  'agency.licence_status_changed',
  'agency.licence_expired',
  'training.created',
  'training.updated',
  'participant.created',
  'participant.updated',
  'attendance.marked',
  'certification.opened',
  'certification.auditors_changed',
  ...Object.values(CertificationStage).map((stage) => `certification.${stage}`),
  'audit.created',
  'audit.updated',
  'finding.created',
  'finding.updated',
  'finding.overdue',
  'certificate.issued',
  'certificate.replaced',
  ...['suspended', 'reinstated', 'withdrawn', 'expired', 'superseded'].map((event) => `certificate.${event}`),
  'criterion.created',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.language_changed',
  'signing_key.added',
  'job.run',
];

/** The console page of a record, where there is one. */
const ENTITY_PAGES: Record<string, string> = {
  agency: '/staff/agencies/',
  training: '/staff/trainings/',
  certification_case: '/staff/cases/',
  user: '/staff/users/',
};

type Fields = Record<string, unknown>;

/** Who changed what and when, for the ministry, IOM and admins (docs/console-admin.md). */
@StaffController()
@StaffRoles(Role.Ministry, Role.Iom)
@Controller('staff/audit-log')
export class ConsoleAuditLogController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly auditLog: AuditLogService,
    private readonly users: UsersService,
  ) {}

  @Get()
  async listAuditLog(@CurrentStaff() staff: Staff, @Query() query: Fields, @Res() reply: FastifyReply) {
    const filters = {
      entityType: text(query.entityType),
      entityId: text(query.entityId),
      actorId: text(query.actorId),
      action: text(query.action),
      from: text(query.from),
      to: text(query.to),
    };
    const data = {
      title: this.pages.text(staff, 'console.audit.title'),
      section: 'auditLog',
      filters,
      ...(await this.filterOptions(staff, filters)),
    };
    try {
      const page = pageOf(query);
      const dto = await validateForm(AuditLogQueryDto, { ...filters, ...page });
      const found = await this.auditLog.list(dto);
      return this.pages.send(reply, 'audit-log-list', staff, {
        ...data,
        entries: found.items.map((entry) => this.entry(staff, entry)),
        pager: pagerOf('/staff/audit-log', query, found.total, page),
      });
    } catch (error) {
      const errors = formErrors(error, staff.language);
      if (!errors) throw error;
      return this.pages.send(reply, 'audit-log-list', staff, { ...data, errors }, 400);
    }
  }

  private async filterOptions(staff: Staff, filters: Record<string, string | undefined>) {
    const words = loadMessages(staff.language);
    const people = await this.users.directory();
    return {
      entityTypeOptions: optionsOf(
        ENTITY_TYPES,
        (type) => words[`console.audit.entity.${type}`],
        filters.entityType,
      ),
      actionOptions: optionsOf(
        ACTIONS,
        (action) => words[`console.audit.action.${action}`] ?? action,
        filters.action,
      ),
      actorOptions: people.map(({ id, name }) => ({
        value: id,
        label: name,
        selected: id === filters.actorId,
      })),
    };
  }

  /** One entry as the page shows it: who by name, what in words, the record's page, the changes. */
  private entry(staff: Staff, entry: AuditLogEntryDto) {
    const words = loadMessages(staff.language);
    const page = ENTITY_PAGES[entry.entityType];
    return {
      id: entry.id,
      at: new Date(entry.occurredAt).toISOString(),
      who: entry.actorName ?? words['console.audit.system'],
      what: words[`console.audit.action.${entry.action}`] ?? entry.action,
      entityType: words[`console.audit.entity.${entry.entityType}`] ?? entry.entityType,
      record: recordName(entry.after ?? entry.before, staff.language === 'lo'),
      href: page ? `${page}${entry.entityId}` : null,
      created: entry.before === null,
      changes: auditDiff(entry.before, entry.after, staff.language),
    };
  }
}

/** What the record is called, from its own fields: a name, a title or a number. */
function recordName(record: Record<string, unknown> | null, lao: boolean): string | null {
  if (!record) return null;
  const pick = (...keys: string[]) => keys.map((key) => record[key]).find((v) => typeof v === 'string');
  const agency = record.agency as Record<string, unknown> | undefined;
  const name = lao ? pick('nameLo', 'nameEn', 'titleLo', 'title') : pick('nameEn', 'nameLo', 'title');
  const agencyName = agency && (lao ? agency.nameLo : agency.nameEn);
  return (name ?? pick('name', 'fullName', 'number', 'licenceNumber') ?? agencyName ?? null) as string | null;
}
