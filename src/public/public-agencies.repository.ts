import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { whereRegister } from '../agencies/agency-filters';
import { Agency } from '../agencies/agency.entity';
import type { LicenceStatus } from '../agencies/licence-status';
import { CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage } from '../common/certification-stage';
import { LAO_TIME_ZONE } from '../common/lao-calendar';
import { cappedCountOf, PAGE_TOTAL_COLUMN, pageWithTotal } from '../common/pagination';
import { completedStaffOf } from '../trainings/training-completion.repository';
import type { HistoryRow } from './public-events';
import { PublicAgencyFilterDto, PublicAgencyQueryDto } from './public.dto';

/** "Holds a valid certificate today": the SQL twin of effectiveCertificateStatus() = valid. */
const HOLDS_VALID_CERTIFICATE = `EXISTS (SELECT 1 FROM certificates c
  WHERE c.agency_id = agency.id AND c.status = 'valid' AND c.expires_on > :today)`;

/**
 * Only the columns the public may see (address, phone, e-mail and contact person are never read), named
 * as PublicAgencyRow names them.
 */
const PUBLIC_FIELDS: [column: string, field: keyof PublicAgencyRow][] = [
  ['agency.id', 'id'],
  ['agency.licence_number', 'licenceNumber'],
  ['agency.name_lo', 'nameLo'],
  ['agency.name_en', 'nameEn'],
  ['agency.licence_status', 'licenceStatus'],
  ['agency.licence_expires_on::text', 'licenceExpiresOn'],
  ['agency.province', 'province'],
  ['agency.district', 'district'],
  ['agency.destination_countries', 'destinationCountries'],
];

export interface LatestCertificateRow {
  number: string;
  status: CertificateStatus;
  statusReason: string | null;
  statusReasonLo: string | null;
  issuedOn: string;
  expiresOn: string;
}

/** An agency's public card as one statement reads it: its public columns and its standing. */
export interface PublicAgencyRow {
  id: string;
  licenceNumber: string;
  nameLo: string;
  nameEn: string;
  licenceStatus: LicenceStatus;
  licenceExpiresOn: string;
  province: string;
  district: string | null;
  destinationCountries: string[];
  /** The latest certificate (null when it never had one), its fields prefixed `certificate`. */
  certificateNumber: string | null;
  certificateStatus: CertificateStatus | null;
  certificateStatusReason: string | null;
  certificateStatusReasonLo: string | null;
  certificateIssuedOn: string | null;
  certificateExpiresOn: string | null;
  /** The stage of the latest certification case, null when it never had one. */
  stage: CertificationStage | null;
  /** How many of its staff completed an IRIS training. */
  trainedStaff: number;
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
 * The public registry's reads: one statement for a page of agencies, their standing and the page's
 * total; one for a profile (beside its history).
 * They go to a read replica when there is one: public data may lag the primary by the replication delay.
 */
@Injectable()
export class PublicAgenciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of the agencies matching `query`'s filters, by English name, each with its standing, and
   * the count its capped total is made of (cappedTotal()). `share` is the training completion share.
   */
  async page(
    query: PublicAgencyQueryDto,
    today: string,
    share: number,
  ): Promise<{ rows: PublicAgencyRow[]; counted: number }> {
    const matching = this.filtered(query, today);
    const rows = await this.withStanding<{ [PAGE_TOTAL_COLUMN]: number }>(
      pageWithTotal(selectPublic(matching.clone()), query),
      share,
    );
    const counted = rows.length > 0 ? rows[0][PAGE_TOTAL_COLUMN] : await cappedCountOf(matching, query);
    return { rows, counted };
  }

  /** One agency's card, or null for an unknown id. */
  async card(id: string, share: number): Promise<PublicAgencyRow | null> {
    const [row] = await this.withStanding(
      selectPublic(this.agencies()).where('agency.id = :id', { id }),
      share,
    );
    return row ?? null;
  }

  /** The licence of one agency, or null; from the primary, for an answer that must not lag (the verify page). */
  licenceOf(id: string): Promise<Pick<Agency, 'licenceStatus' | 'licenceExpiresOn'> | null> {
    return this.dataSource
      .getRepository(Agency)
      .createQueryBuilder('agency')
      .select(['agency.id', 'agency.licenceStatus', 'agency.licenceExpiresOn'])
      .where('agency.id = :id', { id })
      .getOne();
  }

  private filtered(filter: PublicAgencyFilterDto, today: string): SelectQueryBuilder<Agency> {
    const qb = whereRegister(this.agencies(), filter);
    if (filter.certified !== undefined) {
      qb.andWhere(filter.certified ? HOLDS_VALID_CERTIFICATE : `NOT ${HOLDS_VALID_CERTIFICATE}`, { today });
    }
    return qb.orderBy('agency.nameEn', 'ASC').addOrderBy('agency.id', 'ASC');
  }

  /**
   * `qb` (agencies, their public columns: selectPublic()) with each one's standing, in one statement: its
   * most recent certificate (certificate_agency_idx), the stage of its most recent case
   * (certification_case_agency_idx) and its trained staff (participant_agency_idx), each read for the
   * rows of `qb` only. Rows keep the order of the register (English name, then id).
   */
  private withStanding<Extra = object>(
    qb: SelectQueryBuilder<Agency>,
    share: number,
  ): Promise<(PublicAgencyRow & Extra)[]> {
    const [sql, parameters] = qb.getQueryAndParameters();
    return this.query(
      `SELECT agency.*, latest.*, lc.stage, ${completedStaffOf('agency.id', `$${parameters.length + 1}`)} AS "trainedStaff"
       FROM (${sql}) agency
       LEFT JOIN LATERAL (
         SELECT c.number AS "certificateNumber", c.status AS "certificateStatus",
                c.status_reason AS "certificateStatusReason", c.status_reason_lo AS "certificateStatusReasonLo",
                c.issued_on::text AS "certificateIssuedOn", c.expires_on::text AS "certificateExpiresOn"
         FROM certificates c WHERE c.agency_id = agency.id
         ORDER BY c.issued_on DESC, c.number DESC LIMIT 1
       ) latest ON true
       LEFT JOIN LATERAL (
         SELECT cc.stage FROM certification_cases cc WHERE cc.agency_id = agency.id
         ORDER BY cc.opened_at DESC LIMIT 1
       ) lc ON true
       ORDER BY agency."nameEn", agency.id`,
      [...parameters, share],
    );
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

/** `qb` selecting PUBLIC_FIELDS only. */
function selectPublic(qb: SelectQueryBuilder<Agency>): SelectQueryBuilder<Agency> {
  const [[column, field], ...rest] = PUBLIC_FIELDS;
  return rest.reduce((query, [more, named]) => query.addSelect(more, named), qb.select(column, field));
}
