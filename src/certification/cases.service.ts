import { ForbiddenException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { UsersService } from '../users/users.service';
import { LicenceStatus } from '../agencies/licence-status';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode } from '../common/errors';
import { HeavyWork } from '../common/heavy-work';
import { pageOf, toPage } from '../common/pagination';
import type { AppConfig } from '../config/config';
import { Audit, Finding } from './audit.entity';
import { assertAuditors, loadCase, moverOf } from './case-access';
import { CasesRepository } from './cases.repository';
import { CertificateIssuance } from '../certificates/certificate-issuance.service';
import { certificateEventFor } from './certificate-events';
import { CaseAuditor, CaseTransition, CertificationCase } from './certification-case.entity';
import { CertificationStage as Stage } from '../common/certification-stage';
import {
  type CaseDetails,
  CaseQueryDto,
  CaseResponseDto,
  CreateCaseDto,
  MoveCaseDto,
  toCaseResponse,
  UpdateCaseDto,
} from './certification.dto';
import { CaseMovesDto, toMoveOption } from './moves.dto';
import { addMonths, expiryDate, laoMidnight } from '../common/lao-calendar';
import type { JobResult } from './reminders.service';
import { CaseFacts, CERTIFIED_STAGES, judgeMove, mayMove, OPEN_STAGES, TRANSITIONS } from './stages';
import { Clock } from '../common/clock';
import { assertVersion } from '../common/versions';

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CasesRepository,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
    private readonly auditLog: AuditLogService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly certificates: CertificateIssuance,
    private readonly clock: Clock,
    private readonly heavyWork: HeavyWork,
  ) {}

  /** Ministry or IOM open a case, in capacity_building, for an agency with an active licence. */
  open(dto: CreateCaseDto, actor: Actor): Promise<CaseResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const licence = this.agencies.licenceStatusOf(
        await this.agencies.require(dto.agencyId, { em, field: 'agencyId' }),
      );
      if (licence !== LicenceStatus.Active) {
        throw new DomainError(
          ErrorCode.LicenceNotActive,
          `The agency's licence is ${licence}: a certification case needs an active licence.`,
        );
      }
      await this.assertNoOpenCase(em, dto.agencyId);
      await assertAuditors(em, 'auditorIds', dto.auditorIds);
      const at = this.clock.now();
      const opened = await em.save(
        em.create(CertificationCase, { agencyId: dto.agencyId, openedAt: at, stageChangedAt: at }),
      );
      await em.insert(
        CaseAuditor,
        dto.auditorIds.map((userId) => ({ caseId: opened.id, userId })),
      );
      await em.insert(CaseTransition, {
        caseId: opened.id,
        from: null,
        to: opened.stage,
        actorId: actor.id,
        at,
      });
      await this.recordStanding(em, opened, false);
      const response = await this.describeOne(em, opened);
      await this.auditLog.record(em, {
        actor,
        action: 'certification.opened',
        entityType: 'certification_case',
        entityId: opened.id,
        after: auditView(response),
      });
      return response;
    });
  }

  /** `PATCH /certifications/{id}`: ministry and IOM reassign the auditors. */
  updateAuditors(id: string, dto: UpdateCaseDto, actor: Actor): Promise<CaseResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const certificationCase = await loadCase(em, id, true);
      assertVersion(certificationCase, dto.version, 'case');
      await assertAuditors(em, 'auditorIds', dto.auditorIds);
      const before = await this.describeOne(em, certificationCase);
      await em.delete(CaseAuditor, { caseId: id });
      await em.insert(
        CaseAuditor,
        dto.auditorIds.map((userId) => ({ caseId: id, userId })),
      );
      certificationCase.updatedAt = this.clock.now(); // bumps the version: the assignment is part of what was read
      await em.save(certificationCase);
      const after = await this.describeOne(em, certificationCase);
      await this.auditLog.record(em, {
        actor,
        action: 'certification.auditors_changed',
        entityType: 'certification_case',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  /**
   * `POST /certifications/{id}/transitions`: lock, check who, version, legality, guards; write.
   *
   * A move into certified may issue a certificate, whose PDF is drawn inside the move's transaction (the
   * number, the signature and the file are written together or not at all). Such a move takes its PDF
   * turn before the transaction begins: while it waits it holds no lock, and when it is refused (503)
   * nothing of it has been written. A reinstatement takes a turn too, though it draws nothing.
   */
  move(id: string, dto: MoveCaseDto, actor: Actor): Promise<CaseResponseDto> {
    const write = () => this.moveNow(id, dto, actor);
    return dto.to === Stage.Certified ? this.heavyWork.run('pdf', write) : write();
  }

  private moveNow(id: string, dto: MoveCaseDto, actor: Actor): Promise<CaseResponseDto> {
    return this.dataSource.transaction(async (em) => {
      const certificationCase = await loadCase(em, id, true);
      const reason = dto.reason ?? null;
      const [verdict] = (await this.evaluate(em, certificationCase, actor, [dto.to], reason)).verdicts;
      if (verdict.who) throw new ForbiddenException(capitalise(verdict.who) + '.');
      assertVersion(certificationCase, dto.version, 'case');
      if (verdict.illegal) {
        throw new DomainError(ErrorCode.CaseIllegalTransition, capitalise(verdict.illegal) + '.');
      }
      const unmet = [...(verdict.reason ? [verdict.reason] : []), ...verdict.unmet];
      if (unmet.length) {
        throw new DomainError(
          ErrorCode.CaseGuardFailed,
          `The case cannot move to ${dto.to}: ${unmet.join('; ')}.`,
          unmet.map((message) => ({ field: 'to', message })),
        );
      }
      const day = this.clock.today();
      const at = this.clock.now();
      if (dto.to === Stage.Certified && certificationCase.stage !== Stage.Suspended)
        await this.supersede(em, certificationCase, day, at);
      const reasonLo = dto.reasonLo ?? null;
      return this.applyMove(em, certificationCase, { to: dto.to, reason, reasonLo, actor, day, at });
    });
  }

  /**
   * `GET /certifications/{id}/moves`: each stage the case could move to next, and whether `actor` may
   * move it there now (and if not, why): the same judgement as move(), read without a lock.
   */
  async moves(id: string, actor: Actor): Promise<CaseMovesDto> {
    const em = this.dataSource.manager;
    const certificationCase = await loadCase(em, id);
    const targets = TRANSITIONS[certificationCase.stage];
    const { facts, verdicts } = await this.evaluate(em, certificationCase, actor, targets, null);
    return {
      stage: certificationCase.stage,
      version: certificationCase.version,
      items: verdicts.map((verdict) => toMoveOption(verdict, facts)),
    };
  }

  /** The one rule path of a move: move() enforces it and moves() reports it, so the two never disagree. */
  private async evaluate(
    em: EntityManager,
    certificationCase: CertificationCase,
    actor: Actor,
    targets: readonly Stage[],
    reason: string | null,
  ) {
    const mover = await moverOf(em, certificationCase.id, actor);
    const facts = await this.factsOf(em, certificationCase);
    const from = certificationCase.stage;
    const verdicts = targets.map((to) => ({ to, ...judgeMove(from, to, mover, facts, reason) }));
    return { facts, verdicts };
  }

  async list(query: CaseQueryDto) {
    const today = this.clock.today();
    const qb = this.repository.filtered(query, today, this.suspendedBefore(today));
    const { items, total } = await pageOf(qb, query);
    return toPage(await this.describe(this.dataSource.manager, items), total, query);
  }

  async requireById(id: string): Promise<CaseResponseDto> {
    return this.describeOne(this.dataSource.manager, await loadCase(this.dataSource.manager, id));
  }

  /**
   * A certified case expires on its certificate's expiry date, without anyone acting (the
   * certificate-expiry job, src/jobs). Answers what it changed: the certificate numbers.
   */
  async expireLapsedCases(): Promise<JobResult> {
    const today = this.clock.today();
    const lapsed = await this.repository.lapsedIds(today);
    const expired: string[] = [];
    const errors: string[] = [];
    // One transaction per case: one that cannot expire does not hold back the others, and is reported.
    for (const id of lapsed) {
      const number = await this.expireOne(id, today).catch((error: Error) => {
        errors.push(`case ${id}: ${error.message}`);
        return null;
      });
      if (number) expired.push(number);
    }
    return { changed: expired.length, items: expired, errors };
  }

  /** Moves one lapsed certified case to expired; its certificate number, or null when it needs nothing. */
  private expireOne(id: string, today: string): Promise<string | null> {
    return this.dataSource.transaction(async (em) => {
      const certificationCase = await loadCase(em, id, true);
      if (certificationCase.stage !== Stage.Certified || certificationCase.expiresOn! > today) return null;
      assertSystemMove(certificationCase.stage, Stage.Expired);
      await this.applyMove(em, certificationCase, {
        to: Stage.Expired,
        reason: `The certificate expired on ${certificationCase.expiresOn}`,
        actor: null,
        day: today,
        // Dated by the expiry itself, also when the job runs late (the service was down).
        at: laoMidnight(certificationCase.expiresOn!),
      });
      return certificationCase.certificateNumber ?? certificationCase.id;
    });
  }

  /** Writes the move: stage and dates, history, the certificate, the audit entry. */
  private async applyMove(
    em: EntityManager,
    certificationCase: CertificationCase,
    { to, reason, reasonLo = null, actor, day: today, at }: MoveToWrite,
  ): Promise<CaseResponseDto> {
    const before = await this.describeOne(em, certificationCase);
    const from = certificationCase.stage;
    certificationCase.stage = to;
    certificationCase.stageChangedAt = at;
    // docs/certification.md: a suspension's or a withdrawal's reason is public, in English and in Lao.
    const isPublic = to === Stage.Suspended || to === Stage.Withdrawn;
    certificationCase.statusReason = isPublic ? reason : null;
    certificationCase.statusReasonLo = isPublic ? reasonLo : null;
    if (to === Stage.Certified && !certificationCase.certifiedOn) {
      certificationCase.certifiedOn = today;
      certificationCase.expiresOn = expiryDate(
        today,
        this.config.get('CERTIFICATE_VALIDITY_YEARS', { infer: true }),
      );
      certificationCase.nextSurveillanceOn = addMonths(
        today,
        this.config.get('SURVEILLANCE_INTERVAL_MONTHS', { infer: true }),
      );
    }
    // The certificate follows the move before the case is saved, so stage, dates and number are written once.
    const event = certificateEventFor(from, to);
    const issued = event === 'issued';
    if (issued) {
      certificationCase.certificateNumber = await this.certificates.issue(em, {
        caseId: certificationCase.id,
        agencyId: certificationCase.agencyId,
        issuedOn: today,
        expiresOn: certificationCase.expiresOn!,
        actor,
      });
    } else if (event && certificationCase.certificateNumber) {
      await this.certificates.record(em, certificationCase.certificateNumber, event, {
        reason,
        reasonLo,
        actor,
        on: today,
      });
    }
    await em.save(certificationCase);
    await this.recordStanding(em, certificationCase, issued);
    await em.insert(CaseTransition, {
      caseId: certificationCase.id,
      from,
      to,
      reason,
      reasonLo,
      actorId: actor?.id ?? null,
      at,
    });
    const after = await this.describeOne(em, certificationCase);
    await this.auditLog.record(em, {
      actor,
      action: `certification.${to}`,
      entityType: 'certification_case',
      entityId: certificationCase.id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  }

  /** Recertification opens a new case; when it is certified, the agency's older certified case ends. */
  private async supersede(
    em: EntityManager,
    certificationCase: CertificationCase,
    today: string,
    at: Date,
  ): Promise<void> {
    const older = await em.findOne(CertificationCase, {
      where: CERTIFIED_STAGES.map((stage) => ({ agencyId: certificationCase.agencyId, stage })),
      lock: { mode: 'pessimistic_write' },
    });
    if (!older || older.id === certificationCase.id) return;
    assertSystemMove(older.stage, Stage.Closed);
    await this.applyMove(em, older, {
      to: Stage.Closed,
      reason: `Superseded by the recertification in case ${certificationCase.id}`,
      actor: null,
      day: today,
      at,
    });
  }

  /**
   * The agency's standing in the register follows its latest case (an older one, superseded or still
   * certified beside a recertification, does not speak for it), and its latest certificate.
   */
  private async recordStanding(em: EntityManager, certificationCase: CertificationCase, issued: boolean) {
    const [latest]: { id: string }[] = await em.query(
      `SELECT id FROM certification_cases WHERE agency_id = $1 ORDER BY opened_at DESC, id LIMIT 1`,
      [certificationCase.agencyId],
    );
    if (latest?.id !== certificationCase.id) return;
    await this.agencies.recordCertification(em, certificationCase.agencyId, {
      stage: certificationCase.stage,
      certificateNumber: issued ? certificationCase.certificateNumber! : undefined,
    });
  }

  private async factsOf(em: EntityManager, certificationCase: CertificationCase): Promise<CaseFacts> {
    // One after another: the queries share the transaction's connection.
    const agency = await this.agencies.require(certificationCase.agencyId, { em });
    const audits = await em.find(Audit, {
      where: { caseId: certificationCase.id },
      select: { type: true, conductedOn: true },
    });
    const findings = await em.find(Finding, {
      where: { caseId: certificationCase.id },
      select: { criterion: true, severity: true, status: true, dueOn: true },
      order: { createdAt: 'ASC' },
    });
    const today = this.clock.today();
    return {
      agencyTrained: agency.trainedOn !== null,
      licenceStatus: this.agencies.licenceStatusOf(agency),
      audits,
      findings,
      overdueSurveillanceOn:
        certificationCase.nextSurveillanceOn !== null && certificationCase.nextSurveillanceOn < today
          ? certificationCase.nextSurveillanceOn
          : null,
      certificateExpiredOn:
        certificationCase.expiresOn !== null && certificationCase.expiresOn <= today
          ? certificationCase.expiresOn
          : null,
    };
  }

  private async assertNoOpenCase(em: EntityManager, agencyId: string): Promise<void> {
    const open = await em.findOne(CertificationCase, {
      where: OPEN_STAGES.map((stage) => ({ agencyId, stage })),
      select: { id: true, stage: true },
    });
    if (open) {
      throw new DomainError(
        ErrorCode.CaseAlreadyOpen,
        `This agency has an open certification case already (${open.id}, in ${open.stage}); close it first.`,
        [{ field: 'agencyId', message: 'this agency has an open certification case already' }],
      );
    }
  }

  private suspendedBefore(today: string): string {
    return addMonths(today, -this.config.get('SUSPENSION_MAX_MONTHS', { infer: true }));
  }

  private async describeOne(
    em: EntityManager,
    certificationCase: CertificationCase,
  ): Promise<CaseResponseDto> {
    return (await this.describe(em, [certificationCase]))[0];
  }

  /** A page of cases with their agencies, auditors, history and finding counts: a fixed number of queries. */
  async describe(em: EntityManager, cases: CertificationCase[]): Promise<CaseResponseDto[]> {
    if (cases.length === 0) return [];
    const today = this.clock.today();
    const own = await this.repository.details(em, cases, today);
    // Names from the features that own them: the agencies, and the people (auditors, who moved it).
    const agencies = await this.agencies.summariesOf(
      cases.map((c) => c.agencyId),
      em,
    );
    const names = await this.users.namesOf(
      [...own.auditors.map((a) => a.userId), ...own.history.flatMap((t) => (t.actorId ? [t.actorId] : []))],
      em,
    );
    const details: CaseDetails = {
      agencies,
      auditors: own.auditors
        .map((a) => ({ caseId: a.caseId, id: a.userId, name: names.get(a.userId) ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      history: own.history.map((t) => ({
        ...t,
        actorName: t.actorId ? (names.get(t.actorId) ?? null) : null,
      })),
      findingCounts: own.findingCounts,
    };
    return cases.map((c) => toCaseResponse(c, details, today, this.suspendedBefore(today)));
  }
}

/** A move about to be written: by a person, or by the service itself (`actor` null). */
interface MoveToWrite {
  to: Stage;
  /** In English; public for a suspension or withdrawal. */
  reason: string | null;
  /** The same reason in Lao, when given. */
  reasonLo?: string | null;
  actor: Actor | null;
  /** The Lao calendar day of the move. */
  day: string;
  /** When it happened (the clock's now; an expiry is dated by the expiry itself). */
  at: Date;
}

/** The service's own moves (expiry, supersession) pass the stage rule as the `system` mover, as people's do. */
function assertSystemMove(from: Stage, to: Stage): void {
  if (!mayMove(from, to, 'system')) throw new Error(`The service may not move a case from ${from} to ${to}`);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the audit log keeps of a case: its state, not the derived attention list or the full history. */
const auditView = ({ history: _h, attention: _a, ...state }: CaseResponseDto) => state;
