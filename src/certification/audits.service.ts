import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { ValidationFailedException } from '../common/errors';
import type { AppConfig } from '../config/config';
import { Role } from '../common/role';
import { UsersService } from '../users/users.service';
import { Audit, AuditAuditor, Finding } from './audit.entity';
import {
  AuditListDto,
  AuditResponseDto,
  CreateAuditDto,
  toFindingResponse,
  UpdateAuditDto,
} from './audits.dto';
import { assertNotFinal, loadCase, requireCaseAuditor } from './case-access';
import { CaseAuditor, CertificationCase } from './certification-case.entity';
import { AuditType } from './certification.enums';
import { CERTIFIED_STAGES } from './stages';
import { addMonths } from '../common/lao-calendar';
import { Clock } from '../common/clock';
import { applyPatch, assertVersion } from '../common/versions';

/** Surveillance and recertification audits restart the surveillance clock of a certified case. */
const SURVEILLANCE_TYPES: readonly AuditType[] = [AuditType.Surveillance, AuditType.Recertification];

@Injectable()
export class AuditsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly clock: Clock,
    private readonly users: UsersService,
  ) {}

  /** Only the case's auditors schedule audits; the audit team is drawn from them. */
  create(caseId: string, dto: CreateAuditDto, actor: Actor): Promise<AuditResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const certificationCase = await loadCase(em, caseId, true);
      await requireCaseAuditor(em, caseId, actor);
      assertNotFinal(certificationCase);
      const auditorIds = dto.auditorIds ?? (actor.roles.includes(Role.Auditor) ? [actor.id] : []);
      await this.assertCaseAuditors(em, caseId, auditorIds);
      const audit = await em.save(
        em.create(Audit, {
          caseId,
          type: dto.type,
          plannedOn: dto.plannedOn,
          standardVersion: dto.standardVersion ?? '1.2',
        }),
      );
      if (auditorIds.length)
        await em.insert(
          AuditAuditor,
          auditorIds.map((userId) => ({ auditId: audit.id, userId })),
        );
      const response = (await this.describe(em, [audit]))[0];
      await this.auditLog.record(em, {
        actor,
        action: 'audit.created',
        entityType: 'audit',
        entityId: audit.id,
        after: response,
      });
      return response;
    });
  }

  /** Records the audit as conducted (date, summary) or reschedules it. */
  update(id: string, dto: UpdateAuditDto, actor: Actor): Promise<AuditResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const audit = await this.load(em, id, true);
      const certificationCase = await loadCase(em, audit.caseId, true);
      await requireCaseAuditor(em, audit.caseId, actor);
      assertNotFinal(certificationCase);
      assertVersion(audit, dto.version, 'audit');
      if (dto.conductedOn && dto.conductedOn > this.clock.today()) {
        throw new ValidationFailedException([
          { field: 'conductedOn', message: 'conductedOn cannot be in the future' },
        ]);
      }
      const before = (await this.describe(em, [audit]))[0];
      const { auditorIds, version: _version, ...fields } = dto;
      applyPatch(audit, fields);
      if (auditorIds) {
        await this.assertCaseAuditors(em, audit.caseId, auditorIds);
        await em.delete(AuditAuditor, { auditId: id });
        if (auditorIds.length)
          await em.insert(
            AuditAuditor,
            auditorIds.map((userId) => ({ auditId: id, userId })),
          );
      }
      audit.updatedAt = this.clock.now();
      await em.save(audit);
      await this.restartSurveillanceClock(em, certificationCase, audit);
      const after = (await this.describe(em, [audit]))[0];
      await this.auditLog.record(em, {
        actor,
        action: 'audit.updated',
        entityType: 'audit',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async requireById(id: string): Promise<AuditResponseDto> {
    const em = this.dataSource.manager;
    return (await this.describe(em, [await this.load(em, id)]))[0];
  }

  /** A case's audits, in the order they were planned, each with its findings. */
  async listForCase(caseId: string): Promise<AuditListDto> {
    const em = this.dataSource.manager;
    await loadCase(em, caseId);
    const audits = await em.find(Audit, { where: { caseId }, order: { plannedOn: 'ASC', createdAt: 'ASC' } });
    return { items: await this.describe(em, audits) };
  }

  async load(em: EntityManager, id: string, lock = false): Promise<Audit> {
    const audit = await em.findOne(Audit, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!audit) throw new NotFoundException(`No audit with id ${id}`);
    return audit;
  }

  /** Surveillance at least every SURVEILLANCE_INTERVAL_MONTHS after certification or the last one. */
  private async restartSurveillanceClock(
    em: EntityManager,
    certificationCase: CertificationCase,
    audit: Audit,
  ) {
    if (!audit.conductedOn || !SURVEILLANCE_TYPES.includes(audit.type)) return;
    if (
      !CERTIFIED_STAGES.includes(certificationCase.stage) ||
      audit.conductedOn < certificationCase.certifiedOn!
    )
      return;
    const next = addMonths(
      audit.conductedOn,
      this.config.get('SURVEILLANCE_INTERVAL_MONTHS', { infer: true }),
    );
    if (certificationCase.nextSurveillanceOn && certificationCase.nextSurveillanceOn >= next) return;
    await em.update(CertificationCase, certificationCase.id, { nextSurveillanceOn: next });
  }

  private async assertCaseAuditors(em: EntityManager, caseId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const assigned = await em.find(CaseAuditor, { where: { caseId, userId: In(userIds) } });
    const ok = new Set(assigned.map((a) => a.userId));
    const invalid = userIds.filter((id) => !ok.has(id));
    if (invalid.length) {
      throw new ValidationFailedException(
        invalid.map((id) => ({ field: 'auditorIds', message: `${id} is not an auditor of this case` })),
      );
    }
  }

  /** Audits with their auditors and findings: two queries, whatever the count. */
  async describe(em: EntityManager, audits: Audit[]): Promise<AuditResponseDto[]> {
    const ids = audits.map((a) => a.id);
    if (ids.length === 0) return [];
    // One after another: inside a transaction the queries share one connection.
    const team = await em.find(AuditAuditor, { where: { auditId: In(ids) } });
    const names = await this.users.namesOf(
      team.map((member) => member.userId),
      em,
    );
    const auditors = team
      .map(({ auditId, userId }) => ({ auditId, id: userId, name: names.get(userId) ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const findings = await em.find(Finding, {
      where: { auditId: In(ids) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const today = this.clock.today();
    return audits.map((audit) => ({
      id: audit.id,
      caseId: audit.caseId,
      type: audit.type,
      plannedOn: audit.plannedOn,
      conductedOn: audit.conductedOn,
      summary: audit.summary,
      standardVersion: audit.standardVersion,
      auditors: auditors.filter((a) => a.auditId === audit.id).map(({ id, name }) => ({ id, name })),
      findings: findings.filter((f) => f.auditId === audit.id).map((f) => toFindingResponse(f, today)),
      version: audit.version,
    }));
  }
}
