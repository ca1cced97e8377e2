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
  renewalReason,
  renewsLicence,
} from './licence-status';
import { Clock } from '../common/clock';
import { applyPatch, lockForChange } from '../common/versions';

/** An agency's stored fields without its timestamps: what the import reads and the audit log keeps. */
export type StoredAgency = Omit<Agency, 'createdAt' | 'updatedAt' | 'provinceRef' | 'searchText'>;

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
}: StoredAgency & Partial<Agency>): Omit<StoredAgency, 'id'> => fields;

/** Rows per INSERT or UPDATE of the bulk writes: a 20,000-row import in 20 statements of ~0.5 MB. */
const ROWS_PER_STATEMENT = 1000;

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
    const renewed = renewsLicence(agency.licenceStatus, agency.licenceExpiresOn, this.clock.today());
    if (renewed) agency.licenceStatus = LicenceStatus.Active;
    await em.save(agency);
    if (renewed) {
      await this.recordStatusChange(
        em,
        agency.id,
        LicenceStatus.Expired,
        LicenceStatus.Active,
        renewalReason(agency.licenceExpiresOn),
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

  /**
   * The agencies registered under these licence numbers, locked (FOR UPDATE) until the caller's
   * transaction ends: the import reads the ones its file names in one query, as plain rows.
   */
  async lockByLicenceNumbers(em: EntityManager, licenceNumbers: string[]): Promise<StoredAgency[]> {
    if (licenceNumbers.length === 0) return [];
    return em.query(
      `SELECT ${this.storedColumns('a')} FROM agencies a WHERE a.licence_number = ANY($1::text[]) FOR UPDATE`,
      [licenceNumbers],
    );
  }

  /**
   * Registers many agencies at once (the import): the rules and the `agency.created` entries of
   * `insert`, written a thousand rows a statement instead of one statement (and one ORM save) a row.
   */
  async insertMany(em: EntityManager, dtos: CreateAgencyDto[], actor: Actor | null): Promise<void> {
    for (const dto of dtos) assertDates(dto.licenceIssuedOn, dto.licenceExpiresOn);
    const audit: AuditRecord[] = [];
    for (let start = 0; start < dtos.length; start += ROWS_PER_STATEMENT) {
      const rows = dtos.slice(start, start + ROWS_PER_STATEMENT).map((dto) => ({
        licence_number: dto.licenceNumber,
        name_lo: dto.nameLo,
        name_en: dto.nameEn,
        licence_issued_on: dto.licenceIssuedOn,
        licence_expires_on: dto.licenceExpiresOn,
        province: dto.province,
        district: dto.district ?? null,
        address: dto.address ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        destination_countries: dto.destinationCountries ?? [],
        contact_person: dto.contactPerson ?? null,
      }));
      // Each row is read with the table's own column types (jsonb_populate_recordset), in the file's order.
      const inserted: StoredAgency[] = await em.query(
        `INSERT INTO agencies AS a (licence_number, name_lo, name_en, licence_issued_on, licence_expires_on,
                                    province, district, address, phone, email, destination_countries,
                                    contact_person, version)
         SELECT v.licence_number, v.name_lo, v.name_en, v.licence_issued_on, v.licence_expires_on, v.province,
                v.district, v.address, v.phone, v.email, v.destination_countries, v.contact_person, 1
         FROM jsonb_populate_recordset(NULL::agencies, $1::jsonb) WITH ORDINALITY AS v
         ORDER BY v.ordinality
         RETURNING ${this.storedColumns('a')}`,
        [JSON.stringify(rows)],
      );
      audit.push(
        ...inserted.map((agency) => ({
          actor,
          action: 'agency.created',
          entityType: 'agency',
          entityId: agency.id,
          after: agencyAuditView(agency),
        })),
      );
    }
    await this.auditLog.recordAll(em, audit);
  }

  /**
   * Applies field changes to many agencies read with `lockByLicenceNumbers` (the import): the rules of
   * `applyChanges` (a renewed licence is active again, with its history row) and one `agency.updated`
   * entry each, written a thousand rows a statement.
   */
  async applyChangesToMany(
    em: EntityManager,
    updates: { agency: StoredAgency; changes: Partial<CreateAgencyDto> }[],
    actor: Actor | null,
  ): Promise<void> {
    const today = this.clock.today();
    const renewals: StatusChange[] = [];
    const audit: AuditRecord[] = [];
    for (let start = 0; start < updates.length; start += ROWS_PER_STATEMENT) {
      const batch = updates.slice(start, start + ROWS_PER_STATEMENT).map(({ agency, changes }) => {
        const next = applyPatch({ ...agency }, changes);
        assertDates(next.licenceIssuedOn, next.licenceExpiresOn);
        if (renewsLicence(next.licenceStatus, next.licenceExpiresOn, today)) {
          next.licenceStatus = LicenceStatus.Active;
          renewals.push({
            agencyId: agency.id,
            fromStatus: LicenceStatus.Expired,
            toStatus: LicenceStatus.Active,
            reason: renewalReason(next.licenceExpiresOn),
          });
        }
        return { before: agency, next };
      });
      const rows = batch.map(({ next }) => ({
        id: next.id,
        name_lo: next.nameLo,
        name_en: next.nameEn,
        licence_issued_on: next.licenceIssuedOn,
        licence_expires_on: next.licenceExpiresOn,
        licence_status: next.licenceStatus,
        province: next.province,
        district: next.district,
        address: next.address,
        phone: next.phone,
        email: next.email,
        destination_countries: next.destinationCountries,
        contact_person: next.contactPerson,
      }));
      // TypeORM answers an UPDATE with [rows, count].
      const [updated]: [StoredAgency[], number] = await em.query(
        `UPDATE agencies a
         SET name_lo = v.name_lo, name_en = v.name_en, licence_issued_on = v.licence_issued_on,
             licence_expires_on = v.licence_expires_on, licence_status = v.licence_status,
             province = v.province, district = v.district, address = v.address, phone = v.phone,
             email = v.email, destination_countries = v.destination_countries,
             contact_person = v.contact_person, version = a.version + 1, updated_at = now()
         FROM jsonb_populate_recordset(NULL::agencies, $1::jsonb) AS v
         WHERE a.id = v.id
         RETURNING ${this.storedColumns('a')}`,
        [JSON.stringify(rows)],
      );
      const after = new Map(updated.map((agency) => [agency.id, agency]));
      audit.push(
        ...batch.map(({ before }) => ({
          actor,
          action: 'agency.updated',
          entityType: 'agency',
          entityId: before.id,
          before: agencyAuditView(before),
          after: agencyAuditView(after.get(before.id)!),
        })),
      );
    }
    await this.recordStatusChanges(em, renewals, actor);
    await this.auditLog.recordAll(em, audit);
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
    const agencies: { id: string; licenceNumber: string }[] = await this.dataSource.query(
      `SELECT id, licence_number AS "licenceNumber" FROM agencies WHERE licence_number = ANY($1::text[])`,
      [licenceNumbers],
    );
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
    await this.recordStatusChanges(em, [{ agencyId, fromStatus, toStatus, reason }], actor);
  }

  /** Licence history rows, in one INSERT whatever their number. */
  private async recordStatusChanges(
    em: EntityManager,
    changes: StatusChange[],
    actor: Actor | null,
  ): Promise<void> {
    if (changes.length === 0) return;
    await em.query(
      `INSERT INTO agency_licence_status_changes (agency_id, from_status, to_status, reason, changed_by)
       SELECT v.agency_id, v.from_status, v.to_status, v.reason, v.changed_by
       FROM jsonb_populate_recordset(NULL::agency_licence_status_changes, $1::jsonb) WITH ORDINALITY AS v
       ORDER BY v.ordinality`,
      [
        JSON.stringify(
          changes.map((change) => ({
            agency_id: change.agencyId,
            from_status: change.fromStatus,
            to_status: change.toStatus,
            reason: change.reason,
            changed_by: actor?.id ?? null,
          })),
        ),
      ],
    );
  }

  /**
   * `SELECT` or `RETURNING` items for a StoredAgency, from the entity's own columns: named as its
   * properties, dates as YYYY-MM-DD text (as TypeORM reads them), the derived search text left out.
   */
  private storedColumns(alias: string): string {
    return this.dataSource
      .getMetadata(Agency)
      .columns.filter(
        (column) => column.isSelect && !['createdAt', 'updatedAt'].includes(column.propertyName),
      )
      .map((column) => {
        const name = `${alias}.${column.databaseName}`;
        const value = column.type === 'date' ? `to_char(${name}, 'YYYY-MM-DD')` : name;
        return `${value} AS "${column.propertyName}"`;
      })
      .join(', ');
  }
}

interface StatusChange {
  agencyId: string;
  fromStatus: LicenceStatus;
  toStatus: LicenceStatus;
  reason: string;
}

function assertDates(issuedOn: string, expiresOn: string): void {
  const refusal = licenceDatesRefusal(issuedOn, expiresOn);
  if (refusal) {
    throw new ValidationFailedException([
      { field: 'licenceExpiresOn', code: 'licenceDates', message: refusal },
    ]);
  }
}
