import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { whereRegister } from '../agencies/agency-filters';
import { Agency } from '../agencies/agency.entity';
import { LAO_TIME_ZONE } from '../common/lao-calendar';
import { CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage } from '../common/certification-stage';
import type { HistoryRow } from './public-events';
import { PublicAgencyFilterDto } from './public.dto';

/** Only the columns the public may see: address, phone, e-mail and contact person are never read. */
const PUBLIC_COLUMNS = [
  'agency.id',
  'agency.licenceNumber',
  'agency.nameLo',
  'agency.nameEn',
  'agency.licenceStatus',
  'agency.licenceExpiresOn',
  'agency.province',
  'agency.district',
  'agency.destinationCountries',
];

/** "Holds a valid certificate today": the SQL twin of effectiveCertificateStatus() = valid. */
const HOLDS_VALID_CERTIFICATE = `EXISTS (SELECT 1 FROM certificates c
  WHERE c.agency_id = agency.id AND c.status = 'valid' AND c.expires_on > :today)`;

export interface LatestCertificateRow {
  agencyId: string;
  number: string;
  status: CertificateStatus;
  statusReason: string | null;
  statusReasonLo: string | null;
  issuedOn: string;
  expiresOn: string;
}

/**
 * A query builder that runs each execution on its own 'slave' query runner (a read replica, or the
 * primary when DATABASE_READ_URLS is unset), which TypeORM releases when the query ends; its clones too.
 */
class ReplicaSelectQueryBuilder<T extends ObjectLiteral> extends SelectQueryBuilder<T> {
  protected override obtainQueryRunner(): QueryRunner {
    return this.queryRunner ?? this.dataSource.createQueryRunner('slave');
  }
}

/**
 * The public registry's reads: one query per question, for a whole page of agencies at once.
 * They go to a read replica when there is one: public data may lag the primary by the replication delay.
 */
@Injectable()
export class PublicAgenciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  filtered(filter: PublicAgencyFilterDto, today: string): SelectQueryBuilder<Agency> {
    const qb = whereRegister(this.agencies().select(PUBLIC_COLUMNS), filter);
    if (filter.certified !== undefined) {
      qb.andWhere(filter.certified ? HOLDS_VALID_CERTIFICATE : `NOT ${HOLDS_VALID_CERTIFICATE}`, { today });
    }
    return qb.orderBy('agency.nameEn', 'ASC').addOrderBy('agency.id', 'ASC');
  }

  /** `primary`: read where writes land, for an answer that must not lag (the verify page's licence). */
  byId(id: string, { primary = false } = {}): Promise<Agency | null> {
    const qb = primary ? this.dataSource.getRepository(Agency).createQueryBuilder('agency') : this.agencies();
    return qb.select(PUBLIC_COLUMNS).where('agency.id = :id', { id }).getOne();
  }

  /** Each agency's most recent certificate (certificate_agency_idx). */
  async latestCertificates(agencyIds: string[]): Promise<Map<string, LatestCertificateRow>> {
    const rows: LatestCertificateRow[] = await this.query(
      `SELECT DISTINCT ON (c.agency_id) c.agency_id AS "agencyId", c.number, c.status,
              c.status_reason AS "statusReason", c.status_reason_lo AS "statusReasonLo", c.issued_on::text AS "issuedOn", c.expires_on::text AS "expiresOn"
       FROM certificates c WHERE c.agency_id = ANY($1::uuid[])
       ORDER BY c.agency_id, c.issued_on DESC, c.number DESC`,
      [agencyIds],
    );
    return new Map(rows.map((row) => [row.agencyId, row]));
  }

  /** The stage of each agency's most recent case (certification_case_agency_idx). */
  async latestStages(agencyIds: string[]): Promise<Map<string, CertificationStage>> {
    const rows: { agencyId: string; stage: CertificationStage }[] = await this.query(
      `SELECT DISTINCT ON (agency_id) agency_id AS "agencyId", stage
       FROM certification_cases WHERE agency_id = ANY($1::uuid[])
       ORDER BY agency_id, opened_at DESC`,
      [agencyIds],
    );
    return new Map(rows.map((row) => [row.agencyId, row.stage]));
  }

  /**
   * Case moves and licence changes of one agency, newest first; moves within an audit (into audit or
   * corrective_action) are left out before the limit, so they never push public events off the list.
   * Moves written in one transaction share a time: their ids keep them in order.
   */
  events(agencyId: string, limit: number): Promise<HistoryRow[]> {
    return this.query(
      `SELECT * FROM (
         SELECT (t.at AT TIME ZONE $2)::date::text AS "on", t.at, t.id AS seq, 'case' AS source,
                t.from_stage::text AS "from", t.to_stage::text AS "to", t.reason, t.reason_lo AS "reasonLo",
                cc.certificate_number AS "certificateNumber", c.superseded_by AS "supersededBy"
         FROM certification_transitions t
         JOIN certification_cases cc ON cc.id = t.case_id
         LEFT JOIN certificates c ON c.number = cc.certificate_number
         WHERE cc.agency_id = $1 AND t.to_stage NOT IN ('audit', 'corrective_action')
         UNION ALL
         SELECT (l.changed_at AT TIME ZONE $2)::date::text, l.changed_at, l.id, 'licence',
                l.from_status::text, l.to_status::text, NULL, NULL, NULL, NULL
         FROM agency_licence_status_changes l WHERE l.agency_id = $1
       ) e ORDER BY e.at DESC, e.seq DESC LIMIT $3`,
      [agencyId, LAO_TIME_ZONE, limit],
    );
  }

  private agencies(): SelectQueryBuilder<Agency> {
    return new ReplicaSelectQueryBuilder<Agency>(
      this.dataSource.getRepository(Agency).createQueryBuilder('agency'),
    );
  }

  private async query<T>(sql: string, parameters: unknown[]): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return (await runner.query(sql, parameters)) as T;
    } finally {
      await runner.release();
    }
  }
}
