import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode } from '../common/errors';
import { pageOf, toPage } from '../common/pagination';
import { PageQueryDto } from '../common/pagination.dto';
import { IrisCriterion } from './iris-criterion.entity';
import { Province } from './province.entity';
import { CreateCriterionDto, CriterionDto, ProvinceDto, toCriterionDto } from './reference.dto';

@Injectable()
export class ReferenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Province) private readonly provinces: Repository<Province>,
    @InjectRepository(IrisCriterion) private readonly criteria: Repository<IrisCriterion>,
    private readonly auditLog: AuditLogService,
  ) {}

  async listProvinces(): Promise<{ items: ProvinceDto[] }> {
    const rows = await this.provinces.find({ order: { nameEn: 'ASC' } });
    return { items: rows.map(({ code, nameEn, nameLo }) => ({ code, nameEn, nameLo })) };
  }

  async listCriteria(query: PageQueryDto) {
    // Principles first in the Standard's order (A, B, 1–5), each followed by its criteria.
    const qb = this.criteria
      .createQueryBuilder('c')
      .orderBy(`position(c.principle in 'AB12345')`)
      .addOrderBy(`c.code <> c.principle`)
      .addOrderBy(`NULLIF(split_part(c.code, '.', 2), '')::int`);
    const { items: rows, total } = await pageOf(qb, query);
    return toPage(rows.map(toCriterionDto), total, query);
  }

  async createCriterion(dto: CreateCriterionDto, actor: Actor): Promise<CriterionDto> {
    const principle = dto.code.split('.')[0];
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(IrisCriterion, { code: dto.code })) {
        throw new DomainError(ErrorCode.CriterionTaken, `Criterion ${dto.code} exists already.`, [
          { field: 'code', message: 'this criterion exists already' },
        ]);
      }
      const criterion = await em.save(
        em.create(IrisCriterion, { code: dto.code, principle, title: dto.title }),
      );
      await this.auditLog.record(em, {
        actor,
        action: 'criterion.created',
        entityType: 'criterion',
        entityId: criterion.code,
        after: toCriterionDto(criterion),
      });
      return toCriterionDto(criterion);
    });
  }
}
