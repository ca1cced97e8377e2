import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth.decorators';
import { DomainError, ErrorCode } from '../common/errors';
import { assertActiveWithRole } from '../users/active-role';
import { Role } from '../common/role';
import { CaseAuditor, CertificationCase } from './certification-case.entity';
import { Mover, TERMINAL_STAGES } from './stages';

/** Loads (and with `lock`, locks) a case; 404 when unknown. */
export async function loadCase(em: EntityManager, id: string, lock = false): Promise<CertificationCase> {
  const found = await em.findOne(CertificationCase, {
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!found) throw new NotFoundException(`No certification case with id ${id}`);
  return found;
}

/** How the actor stands towards the case: its auditor, an admin, ministry or IOM staff, or nobody. */
export async function moverOf(em: EntityManager, caseId: string, actor: Actor): Promise<Mover | null> {
  if (actor.roles.includes(Role.Admin)) return 'admin';
  if (actor.roles.includes(Role.Auditor) && (await em.existsBy(CaseAuditor, { caseId, userId: actor.id }))) {
    return 'auditor';
  }
  return actor.roles.includes(Role.Ministry) || actor.roles.includes(Role.Iom) ? 'staff' : null;
}

/** docs/roles.md: an auditor acts only on cases assigned to them (admins on any). */
export async function requireCaseAuditor(em: EntityManager, caseId: string, actor: Actor): Promise<void> {
  const mover = await moverOf(em, caseId, actor);
  if (mover !== 'auditor' && mover !== 'admin') {
    throw new ForbiddenException('Only the auditors assigned to this case may do this.');
  }
}

/** Audits and findings of a withdrawn, expired or closed case stay as they were. */
export function assertNotFinal(certificationCase: CertificationCase): void {
  if (TERMINAL_STAGES.includes(certificationCase.stage)) {
    throw new DomainError(
      ErrorCode.CaseFinal,
      `The case is ${certificationCase.stage}; its audits and findings can no longer change.`,
    );
  }
}

/** The case's auditors: active users with the auditor role. */
export const assertAuditors = (em: EntityManager, field: string, userIds: string[]) =>
  assertActiveWithRole(em, Role.Auditor, field, userIds);
