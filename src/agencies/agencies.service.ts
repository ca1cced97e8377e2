import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { toCsv } from '../common/csv';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLogService, AuditRecord } from '../audit-log/audit-log.service';
import type { CertificationStage } from '../common/certification-stage';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import { cappedPageOf, toCappedPage } from '../common/pagination';
import { fieldError } from '../common/validation';
import {
  AgencyFilterDto,
  AgencyPageDto,
  AgencyQueryDto,
  AgencyResponseDto,
  ChangeLicenceStatusDto,
  CreateAgencyDto,
  LicenceHistoryDto,
  toAgencyResponse,
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
import { applyPatch, lockForChange } from '../common/versions';

/**
 * What the audit log keeps of an agency: its fields as stored, without timestamps, nor the search text
 * the database derives from the names (after a save the ORM holds it as null, which it is not).
 */
export const agencyAuditView = ({
  id: _id,
  createdAt: _c,
  updatedAt: _u,
  provinceRef: _p,
  searchText: _s,
  ...fields
}: Agency) => fields;

/** What other features show of an agency. */
export type AgencySummary = Pick<
  Agency,
  'id' | 'licenceNumber' | 'nameLo' | 'nameEn' | 'province' | 'licenceStatus' | 'licenceExpiresOn'
>;

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AgenciesRepository,
    private readonly auditLog: AuditLogService,
    private readonly clock: Clock,
  ) {}

  create(dto: CreateAgencyDto, actor: Actor | null): Promise<AgencyResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const agency = await this.insert(em, dto, actor);
      return toAgencyResponse(agency, this.clock.today());
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
      const agency = await lockForChange(em, Agency, id, dto.version, 'agency');
      const { version: _version, ...changes } = dto;
      await this.applyChanges(em, agency, changes, actor);
      return toAgencyResponse(agency, this.clock.today());
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
    applyPatch(agency, changes);
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
      const agency = await lockForChange(em, Agency, id, dto.version, 'agency');
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
      return toAgencyResponse(agency, today);
    });
  }

  async licenceHistory(id: string): Promise<LicenceHistoryDto> {
    await this.require(id);
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

  /**
   * The one way to load an agency, for this feature and the others: 404 when unknown, or, when a body
   * field names it (`field`), that field's 400. Inside a transaction, pass its manager.
   */
  async require(
    id: string,
    { em = this.dataSource.manager, field }: { em?: EntityManager; field?: string } = {},
  ): Promise<Agency> {
    const agency = await em.findOneBy(Agency, { id });
    if (agency) return agency;
    if (field) throw new ValidationFailedException([fieldError(field, 'unknownAgency')]);
    throw new NotFoundException(`No agency with id ${id}`);
  }

  /** id → the agency's names, licence number and province, for other features' answers: one query. */
  async summariesOf(
    ids: Iterable<string>,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, AgencySummary>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const agencies = await em.find(Agency, {
      where: { id: In(unique) },
      select: {
        id: true,
        licenceNumber: true,
        nameLo: true,
        nameEn: true,
        province: true,
        licenceStatus: true,
        licenceExpiresOn: true,
      },
    });
    return new Map(agencies.map((agency) => [agency.id, agency]));
  }

  /** The licence status as it reads today (an active licence past its expiry date reads expired). */
  licenceStatusOf(agency: Pick<Agency, 'licenceStatus' | 'licenceExpiresOn'>): LicenceStatus {
    return effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, this.clock.today());
  }

  /** `GET /agencies/{id}`. */
  async get(id: string): Promise<AgencyResponseDto> {
    return toAgencyResponse(await this.require(id), this.clock.today());
  }

  /** A page of the register and its total, capped past 1,000 matches (CappedPageDto), in one statement. */
  async list(query: AgencyQueryDto): Promise<AgencyPageDto> {
    const today = this.clock.today();
    const { items: agencies, ...total } = await cappedPageOf(this.repository.filtered(query, today), query);
    return toCappedPage(
      agencies.map((agency) => toAgencyResponse(agency, today)),
      total,
      query,
    );
  }

  /**
   * Trainings keep `trainedOn` here: the last day of the first IRIS training one of the agency's staff
   * completed, or null (docs/trainings.md). Derived data: no audit entry, no new `version`.
   */
  async recordTrainedOn(em: EntityManager, trainedOn: Map<string, string | null>): Promise<void> {
    if (trainedOn.size === 0) return;
    await em.query(
      `UPDATE agencies a SET trained_on = v.day::date
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, day text)
       WHERE a.id = v.id AND a.trained_on IS DISTINCT FROM v.day::date`,
      [JSON.stringify([...trainedOn].map(([id, day]) => ({ id, day })))],
    );
  }

  /**
   * Certification keeps here the stage of the agency's latest case and, once one is issued, its latest
   * certificate (docs/certification.md). Derived data: no audit entry, no new `version`.
   */
  async recordCertification(
    em: EntityManager,
    agencyId: string,
    standing: { stage: CertificationStage; certificateNumber?: string },
  ): Promise<void> {
    await em.query(
      `UPDATE agencies SET certification_stage = $2, certificate_number = COALESCE($3, certificate_number)
       WHERE id = $1`,
      [agencyId, standing.stage, standing.certificateNumber ?? null],
    );
  }

  /** How many agencies match `filter`, exactly (the console's Today counts); list() caps its total. */
  async count(filter: AgencyFilterDto): Promise<number> {
    const row = await this.repository
      .filtered(filter, this.clock.today())
      .orderBy()
      .select('COUNT(*)::int', 'total')
      .getRawOne<{ total: number }>();
    return row?.total ?? 0;
  }

  /** The filtered register as CSV, with a BOM so spreadsheet programs read the Lao text as UTF-8. */
  async exportCsv(filter: AgencyFilterDto): Promise<string> {
    const today = this.clock.today();
    const agencies = await this.repository.filtered(filter, today).getMany();
    const rows = agencies.map((agency) => toCsvRow(toAgencyResponse(agency, today)));
    const columns = [...AGENCY_CSV_COLUMNS, 'licenceStatus'];
    return toCsv(rows, columns);
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
  if (refusal) {
    throw new ValidationFailedException([
      { field: 'licenceExpiresOn', code: 'licenceDates', message: refusal },
    ]);
  }
}
