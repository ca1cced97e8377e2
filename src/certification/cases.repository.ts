import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';
import { Finding } from './audit.entity';
import { CaseAuditor, CaseTransition, CertificationCase } from './certification-case.entity';
import { CertificationStage } from '../common/certification-stage';
import { CaseQueryDto } from './certification.dto';
import { ATTENTION_SQL } from './stages';

/** The case list's filters and the batched lookups that describe a page of cases. */
@Injectable()
export class CasesRepository {
  constructor(@InjectRepository(CertificationCase) private readonly cases: Repository<CertificationCase>) {}

  filtered(
    query: CaseQueryDto,
    today: string,
    suspendedBefore: string,
  ): SelectQueryBuilder<CertificationCase> {
    const qb = this.cases.createQueryBuilder('c');
    if (query.stage) qb.andWhere('c.stage = :stage', { stage: query.stage });
    if (query.agencyId) qb.andWhere('c.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.surveillanceDueBefore) {
      qb.andWhere(`c.stage = '${CertificationStage.Certified}' AND c.next_surveillance_on <= :dueBefore`, {
        dueBefore: query.surveillanceDueBefore,
      });
    }
    if (query.auditorId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM certification_case_auditors ca WHERE ca.case_id = c.id AND ca.user_id = :auditorId)',
        { auditorId: query.auditorId },
      );
    }
    if (query.needsAttention !== undefined) {
      qb.andWhere(query.needsAttention ? ATTENTION_SQL : `NOT ${ATTENTION_SQL}`, { today, suspendedBefore });
    }
    return qb.orderBy('c.opened_at', 'DESC').addOrderBy('c.id', 'ASC');
  }

  /** Certified cases whose certificate's expiry date has come, for the nightly expiry. */
  async lapsedIds(today: string): Promise<string[]> {
    const rows = await this.cases.find({
      where: { stage: CertificationStage.Certified, expiresOn: LessThanOrEqual(today) },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** The case's own rows for a page of cases (auditors, history, finding counts): three queries. */
  async details(em: EntityManager, cases: CertificationCase[], today: string) {
    const ids = cases.map((c) => c.id);
    // One after another: inside a transaction the queries share one connection.
    const auditors = await em.find(CaseAuditor, { where: { caseId: In(ids) } });
    const history = await em.find(CaseTransition, { where: { caseId: In(ids) }, order: { id: 'ASC' } });
    const findingCounts = await em
      .createQueryBuilder(Finding, 'f')
      .select(['f.case_id AS "caseId"', 'f.severity AS severity'])
      .addSelect('count(*)::int', 'open')
      .addSelect('(count(*) FILTER (WHERE f.due_on < :today))::int', 'overdue')
      .where('f.case_id = ANY(:ids)', { ids })
      .andWhere(`f.status <> 'closed'`)
      .groupBy('f.case_id')
      .addGroupBy('f.severity')
      .setParameter('today', today)
      .getRawMany<{ caseId: string; severity: string; open: number; overdue: number }>();
    return { auditors, history, findingCounts };
  }
}
