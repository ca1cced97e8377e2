import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode, ValidationFailedException } from '../common/errors';
import type { AppConfig } from '../config/config';
import { IrisCriterion } from '../reference/iris-criterion.entity';
import { Finding } from './audit.entity';
import { CertificationCase } from './certification-case.entity';
import { AuditsService } from './audits.service';
import { CreateFindingDto, FindingResponseDto, toFindingResponse, UpdateFindingDto } from './audits.dto';
import { assertNotFinal, loadCase, requireCaseAuditor } from './case-access';
import { FindingSeverity, FindingStatus } from './certification.enums';
import { addDays } from '../common/lao-calendar';
import { findingMoveRefusal } from './finding-status';
import { Clock } from '../common/clock';
import { applyPatch, assertVersion } from '../common/versions';

@Injectable()
export class FindingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audits: AuditsService,
    private readonly auditLog: AuditLogService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly clock: Clock,
  ) {}

  /** The case's auditors record findings; the corrective action is due FINDING_DUE_DAYS after the audit. */
  create(auditId: string, dto: CreateFindingDto, actor: Actor): Promise<FindingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const audit = await this.audits.load(em, auditId);
      const certificationCase = await loadCase(em, audit.caseId, true);
      await requireCaseAuditor(em, audit.caseId, actor);
      assertNotFinal(certificationCase);
      await this.assertCriterion(em, dto.criterion);
      const auditDay = audit.conductedOn ?? audit.plannedOn;
      const defaultDue =
        dto.severity === FindingSeverity.Observation
          ? null
          : addDays(auditDay, this.config.get('FINDING_DUE_DAYS', { infer: true }));
      const finding = await em.save(
        em.create(Finding, {
          auditId,
          caseId: audit.caseId,
          criterion: dto.criterion,
          severity: dto.severity,
          description: dto.description,
          evidence: dto.evidence ?? null,
          dueOn: dto.dueOn === undefined ? defaultDue : dto.dueOn,
          createdAt: this.clock.now(), // the day it was raised, by the service's clock (reports count it)
        }),
      );
      const response = toFindingResponse(finding, this.clock.today());
      await this.auditLog.record(em, {
        actor,
        action: 'finding.created',
        entityType: 'finding',
        entityId: finding.id,
        after: response,
      });
      return response;
    });
  }

  /** Records the plan, and moves the status: only the case's auditors accept a plan or close a finding. */
  update(id: string, dto: UpdateFindingDto, actor: Actor): Promise<FindingResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const finding = await this.load(em, id, true);
      const certificationCase = await loadCase(em, finding.caseId, true);
      await requireCaseAuditor(em, finding.caseId, actor);
      assertNotFinal(certificationCase);
      assertVersion(finding, dto.version, 'finding');
      const today = this.clock.today();
      const before = toFindingResponse(finding, today);
      const { status, version: _version, ...fields } = dto;
      if (finding.status === FindingStatus.Closed && Object.values(fields).some((v) => v !== undefined)) {
        throw new DomainError(
          ErrorCode.FindingIllegalStatus,
          'The finding is closed; it can no longer change.',
        );
      }
      applyPatch(finding, fields);
      if (status) this.moveStatus(finding, status, today);
      const planned =
        finding.status === FindingStatus.ActionProposed || finding.status === FindingStatus.ActionAccepted;
      if (planned && !finding.correctiveActionPlan?.trim()) {
        throw new DomainError(
          ErrorCode.FindingIllegalStatus,
          `A finding that is ${finding.status} keeps its corrective-action plan.`,
          [{ field: 'correctiveActionPlan', message: 'the plan cannot be removed once proposed' }],
        );
      }
      finding.updatedAt = this.clock.now();
      await em.save(finding);
      const after = toFindingResponse(finding, today);
      await this.auditLog.record(em, {
        actor,
        action: 'finding.updated',
        entityType: 'finding',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Findings past their due date and not closed, the longest overdue first; with `auditorId`, only on
   * cases assigned to that auditor. Each with its case's agency id, for the list to name it.
   */
  async listOverdue(query: { auditorId?: string; limit: number; offset: number }) {
    const today = this.clock.today();
    const qb = this.dataSource
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin(CertificationCase, 'c', 'c.id = f.case_id')
      .addSelect('c.agency_id', 'agency_id')
      .where(`f.status <> :closed AND f.due_on < :today`, { closed: FindingStatus.Closed, today })
      .orderBy('f.due_on', 'ASC')
      .addOrderBy('f.id', 'ASC');
    if (query.auditorId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM certification_case_auditors ca WHERE ca.case_id = f.case_id AND ca.user_id = :auditorId)',
        { auditorId: query.auditorId },
      );
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb.limit(query.limit).offset(query.offset).getRawAndEntities();
    // No one-to-many join: the raw rows and the entities come in the same order, one each.
    const rows = raw as { agency_id: string }[];
    const items = entities.map((finding, i) => ({
      ...toFindingResponse(finding, today),
      agencyId: rows[i].agency_id,
    }));
    return { items, total };
  }

  async requireById(id: string): Promise<FindingResponseDto> {
    return toFindingResponse(await this.load(this.dataSource.manager, id), this.clock.today());
  }

  private moveStatus(finding: Finding, status: FindingStatus, today: string): void {
    const refusal = findingMoveRefusal(finding, status);
    if (refusal) {
      throw new DomainError(
        ErrorCode.FindingIllegalStatus,
        refusal.charAt(0).toUpperCase() + refusal.slice(1) + '.',
        [{ field: 'status', message: refusal }],
      );
    }
    if (status === FindingStatus.Closed && finding.status !== FindingStatus.Closed) finding.closedOn = today;
    finding.status = status;
  }

  private async load(em: EntityManager, id: string, lock = false): Promise<Finding> {
    const finding = await em.findOne(Finding, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!finding) throw new NotFoundException(`No finding with id ${id}`);
    return finding;
  }

  private async assertCriterion(em: EntityManager, code: string): Promise<void> {
    if (!(await em.existsBy(IrisCriterion, { code }))) {
      throw new ValidationFailedException([
        { field: 'criterion', message: `${code} is not a criterion or principle of the IRIS Standard` },
      ]);
    }
  }
}
