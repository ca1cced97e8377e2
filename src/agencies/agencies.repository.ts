import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { AgencyFilterDto } from './agencies.dto';
import { Agency } from './agency.entity';
import { whereRegister } from './agency-filters';
import { LicenceStatus } from './licence-status';
import { CertificationStage } from '../common/certification-stage';

const SORTS: Record<string, [string, 'ASC' | 'DESC']> = {
  nameEn: ['agency.nameEn', 'ASC'],
  '-nameEn': ['agency.nameEn', 'DESC'],
  nameLo: ['agency.nameLo', 'ASC'],
  licenceExpiresOn: ['agency.licenceExpiresOn', 'ASC'],
  '-licenceExpiresOn': ['agency.licenceExpiresOn', 'DESC'],
};

/** The register's heavy reads: every filter of the list and the export in one query. */
@Injectable()
export class AgenciesRepository {
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  filtered(filter: AgencyFilterDto, today: string): SelectQueryBuilder<Agency> {
    const qb = whereRegister(this.agencies.createQueryBuilder('agency'), filter);
    if (filter.licenceStatus) this.whereStatus(qb, filter.licenceStatus, today);
    if (filter.expiresBefore) {
      qb.andWhere('agency.licence_expires_on <= :expiresBefore', { expiresBefore: filter.expiresBefore });
    }
    if (filter.certificationStage) this.whereStage(qb, filter.certificationStage);
    const [column, direction] = SORTS[filter.sort ?? 'nameEn'];
    return qb.orderBy(column, direction).addOrderBy('agency.id', 'ASC');
  }

  /** The status as read (an active licence past its date is expired), in index-friendly terms. */
  private whereStatus(qb: SelectQueryBuilder<Agency>, status: LicenceStatus, today: string): void {
    if (status === LicenceStatus.Active) {
      qb.andWhere(`agency.licence_status = 'active' AND agency.licence_expires_on >= :today`, { today });
    } else if (status === LicenceStatus.Expired) {
      qb.andWhere(
        `(agency.licence_status = 'expired' OR (agency.licence_status = 'active' AND agency.licence_expires_on < :today))`,
        { today },
      );
    } else {
      qb.andWhere('agency.licence_status = :status', { status });
    }
  }

  /** Agencies whose latest certification case is in `stage`, as their responses say. */
  private whereStage(qb: SelectQueryBuilder<Agency>, stage: CertificationStage): void {
    qb.andWhere('agency.certification_stage = :stage', { stage });
  }

  /** Active licences whose expiry date has passed, for the nightly job; locked so replicas never double-record. */
  lapsed(today: string) {
    return this.agencies
      .createQueryBuilder('agency')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`agency.licence_status = 'active' AND agency.licence_expires_on < :today`, { today });
  }
}
