import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService, AuditRecord } from '../audit-log/audit-log.service';
import { TrainingCompletionRepository } from '../trainings/training-completion.repository';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import {
  AgencyFilterDto,
  AgencyQueryDto,
  AgencyResponseDto,
  ChangeLicenceStatusDto,
  CreateAgencyDto,
  LicenceHistoryDto,
  toAgencyResponse,
  type AgencyStanding,
  UpdateAgencyDto,
} from './agencies.dto';
import { AgenciesRepository } from './agencies.repository';
import { AGENCY_CSV_COLUMNS, toCsvRow } from './agency-csv';
import { Agency } from './agency.entity';
import { LicenceStatusChange } from './licence-status-change.entity';
import {
  effectiveLicenceStatus,
  licenceChangeRefusal,
  licenceDatesRefusal,
  LicenceStatus,
} from './licence-status';
import { Clock } from '../common/clock';

/** What the audit log keeps of an agency: its fields as stored, without timestamps. */
export const agencyAuditView = ({
  id: _id,
  createdAt: _c,
  updatedAt: _u,
  provinceRef: _p,
  ...fields
}: Agency) => fields;

/** A new agency (or a CSV row) has no training or certification yet. */
const NO_STANDING: AgencyStanding = { trainedOn: null, certificationStage: null, certificateNumber: null };

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AgenciesRepository,
    private readonly auditLog: AuditLogService,
    private readonly completion: TrainingCompletionRepository,
    private readonly clock: Clock,
  ) {}

  create(dto: CreateAgencyDto, actor: Actor | null): Promise<AgencyResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const agency = await this.insert(em, dto, actor);
      return toAgencyResponse(agency, this.clock.today(), NO_STANDING);
    });
  }

  /** Shared with the CSV import, so both follow the same rules and leave the same audit entries. */
  async insert(em: EntityManager, dto: CreateAgencyDto, actor: Actor | null): Promise<Agency> {
    assertDates(dto.licenceIssuedOn, dto.licenceExpiresOn);
    const agency = await em.save(
      em.create(Agency, {
        ...dto,
        district: dto.district ?? null,
        address: dto.address ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        destinationCountries: dto.destinationCountries ?? [],
        contactPerson: dto.contactPerson ?? null,
      }),
    );
    await this.auditLog.record(em, {
      actor,
      action: 'agency.created',
      entityType: 'agency',
      entityId: agency.id,
      after: agencyAuditView(agency),
    });
    return agency;
  }

  update(id: string, dto: UpdateAgencyDto, actor: Actor): Promise<AgencyResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const agency = await this.lockForChange(em, id, dto.version);
      const { version: _version, ...changes } = dto;
      await this.applyChanges(em, agency, changes, actor);
      const [described] = await this.describe([agency], this.clock.today(), em);
      return described;
    });
  }

  /**
   * Applies field changes (the import uses it too). Moving the expiry date of an expired licence into
   * the future renews it: the status returns to active, recorded in the licence history.
   */
  async applyChanges(
    em: EntityManager,
    agency: Agency,
    changes: Partial<CreateAgencyDto>,
    actor: Actor | null,
  ) {
    const before = agencyAuditView(agency);
    Object.assign(agency, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    assertDates(agency.licenceIssuedOn, agency.licenceExpiresOn);
    const today = this.clock.today();
    const renewed = agency.licenceStatus === LicenceStatus.Expired && agency.licenceExpiresOn >= today;
    if (renewed) agency.licenceStatus = LicenceStatus.Active;
    await em.save(agency);
    if (renewed) {
      await this.recordStatusChange(
        em,
        agency.id,
        LicenceStatus.Expired,
        LicenceStatus.Active,
        `Licence renewed until ${agency.licenceExpiresOn}`,
        actor,
      );
    }
    await this.auditLog.record(em, {
      actor,
      action: 'agency.updated',
      entityType: 'agency',
      entityId: agency.id,
      before,
      after: agencyAuditView(agency),
    });
  }

  changeLicenceStatus(
    id: string,
    dto: ChangeLicenceStatusDto,
    actor: Actor | null,
  ): Promise<AgencyResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const agency = await this.lockForChange(em, id, dto.version);
      const today = this.clock.today();
      const current = effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, today);
      const refusal = licenceChangeRefusal(current, dto.status, agency.licenceExpiresOn, today);
      if (refusal) throw new DomainError(ErrorCode.IllegalLicenceChange, refusal);
      const before = agencyAuditView(agency);
      agency.licenceStatus = dto.status;
      await em.save(agency);
      await this.recordStatusChange(em, agency.id, current, dto.status, dto.reason, actor);
      await this.auditLog.record(em, {
        actor,
        action: 'agency.licence_status_changed',
        entityType: 'agency',
        entityId: agency.id,
        before,
        after: { ...agencyAuditView(agency), reason: dto.reason },
      });
      const [described] = await this.describe([agency], today, em);
      return described;
    });
  }

  async licenceHistory(id: string): Promise<LicenceHistoryDto> {
    await this.requireById(id);
    const changes = await this.dataSource.getRepository(LicenceStatusChange).find({
      where: { agencyId: id },
      order: { changedAt: 'DESC', id: 'DESC' },
    });
    const items = changes.map(({ fromStatus, toStatus, reason, changedBy, changedAt }) => ({
      fromStatus,
      toStatus,
      reason,
      changedBy,
      changedAt,
    }));
    return { items };
  }

  /** licence number → agency id, for the ones registered (sign-in sheets name agencies by licence). */
  async idsByLicenceNumber(licenceNumbers: string[]): Promise<Map<string, string>> {
    if (licenceNumbers.length === 0) return new Map();
    // One array parameter: a large sheet could name more agencies than PostgreSQL's 65,535 parameters.
    const agencies = await this.dataSource
      .getRepository(Agency)
      .createQueryBuilder('agency')
      .select(['agency.id', 'agency.licenceNumber'])
      .where('agency.licenceNumber = ANY(:licenceNumbers)', { licenceNumbers })
      .getMany();
    return new Map(agencies.map((a) => [a.licenceNumber, a.id]));
  }

  /** A body field that names an agency: an unknown id is that field's 400, not a 404 of the route. */
  async assertExists(id: string, field: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Agency).existsBy({ id }))) {
      throw new ValidationFailedException([{ field, message: 'no agency has this id' }]);
    }
  }

  /**
   * The agency's licence status as it reads today, for other features' rules (certification). With
   * `field`, an unknown id is that body field's 400; without, a 404.
   */
  async licenceOf(em: EntityManager, id: string, field?: string): Promise<{ licenceStatus: LicenceStatus }> {
    const agency = await em.findOne(Agency, {
      where: { id },
      select: { id: true, licenceStatus: true, licenceExpiresOn: true },
    });
    if (!agency && field) throw new ValidationFailedException([{ field, message: 'no agency has this id' }]);
    if (!agency) throw new NotFoundException(`No agency with id ${id}`);
    return {
      licenceStatus: effectiveLicenceStatus(
        agency.licenceStatus,
        agency.licenceExpiresOn,
        this.clock.today(),
      ),
    };
  }

  async existsByLicenceNumber(licenceNumber: string): Promise<boolean> {
    return this.dataSource.getRepository(Agency).existsBy({ licenceNumber });
  }

  async requireById(id: string): Promise<AgencyResponseDto> {
    const agency = await this.dataSource.getRepository(Agency).findOneBy({ id });
    if (!agency) throw new NotFoundException(`No agency with id ${id}`);
    const [described] = await this.describe([agency], this.clock.today());
    return described;
  }

  async list(query: AgencyQueryDto) {
    const today = this.clock.today();
    const { items: agencies, total } = await pageOf(this.repository.filtered(query, today), query);
    return toPage(await this.describe(agencies, today), total, query);
  }

  /** Responses for a page of agencies: two queries whatever its size (trained on; stage and certificate). */
  private async describe(
    agencies: Agency[],
    today: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<AgencyResponseDto[]> {
    const ids = agencies.map((agency) => agency.id);
    // One after another: inside a transaction both share its connection.
    const trained = await this.completion.trainedOn(ids, em);
    const certification = await this.repository.certificationOf(ids, em);
    return agencies.map((agency) =>
      toAgencyResponse(agency, today, {
        trainedOn: trained.get(agency.id) ?? null,
        certificationStage: certification.get(agency.id)?.stage ?? null,
        certificateNumber: certification.get(agency.id)?.certificateNumber ?? null,
      }),
    );
  }

  /** The filtered register as CSV, with a BOM so spreadsheet programs read the Lao text as UTF-8. */
  async exportCsv(filter: AgencyFilterDto): Promise<string> {
    const today = this.clock.today();
    const agencies = await this.repository.filtered(filter, today).getMany();
    const rows = agencies.map((agency) => toCsvRow(toAgencyResponse(agency, today, NO_STANDING)));
    // escape_formulas: a cell starting with = + - @ gets a leading ' so spreadsheets never run it as a formula.
    const columns = [...AGENCY_CSV_COLUMNS, 'licenceStatus'];
    return '\uFEFF' + stringify(rows, { header: true, columns, escape_formulas: true });
  }

  /**
   * A licence past its expiry date reads as expired without anyone acting; this records it (the
   * licence-expiry job, src/jobs). Answers what it changed: the licence numbers.
   */
  async expireLapsedLicences(): Promise<{ changed: number; items: string[] }> {
    const today = this.clock.today();
    const expired = await this.dataSource.transaction(async (em) => {
      const lapsed = await this.repository.lapsed(today).setQueryRunner(em.queryRunner!).getMany();
      if (lapsed.length === 0) return [];
      const audit: AuditRecord[] = [];
      for (const agency of lapsed) {
        const before = agencyAuditView(agency);
        agency.licenceStatus = LicenceStatus.Expired;
        audit.push({
          actor: null,
          action: 'agency.licence_expired',
          entityType: 'agency',
          entityId: agency.id,
          before,
        });
      }
      const saved = await em.save(lapsed);
      saved.forEach((agency, i) => (audit[i].after = agencyAuditView(agency)));
      await em.insert(
        LicenceStatusChange,
        saved.map((agency) => ({
          agencyId: agency.id,
          fromStatus: LicenceStatus.Active,
          toStatus: LicenceStatus.Expired,
          reason: `Licence expired on ${agency.licenceExpiresOn}`,
          changedBy: null,
        })),
      );
      await this.auditLog.recordAll(em, audit);
      return saved.map((agency) => agency.licenceNumber);
    });
    return { changed: expired.length, items: expired };
  }

  /** Locks the row and checks the client's `version`, so concurrent edits never overwrite each other. */
  private async lockForChange(em: EntityManager, id: string, version: number): Promise<Agency> {
    const agency = await em.findOne(Agency, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!agency) throw new NotFoundException(`No agency with id ${id}`);
    if (agency.version !== version) {
      throw new DomainError(
        ErrorCode.StaleVersion,
        `The agency was changed by someone else (version ${agency.version}, you sent ${version}); reload it and try again.`,
      );
    }
    return agency;
  }

  private async recordStatusChange(
    em: EntityManager,
    agencyId: string,
    fromStatus: LicenceStatus,
    toStatus: LicenceStatus,
    reason: string,
    actor: Actor | null,
  ): Promise<void> {
    await em.insert(LicenceStatusChange, {
      agencyId,
      fromStatus,
      toStatus,
      reason,
      changedBy: actor?.id ?? null,
    });
  }
}

function assertDates(issuedOn: string, expiresOn: string): void {
  const refusal = licenceDatesRefusal(issuedOn, expiresOn);
  if (refusal) throw new ValidationFailedException([{ field: 'licenceExpiresOn', message: refusal }]);
}
