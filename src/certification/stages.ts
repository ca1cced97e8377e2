import { CertificationStage as Stage } from '../common/certification-stage';
import { LAO_TIME_ZONE } from '../common/lao-calendar';
import { AuditType, FindingSeverity, FindingStatus } from './certification.enums';

/**
 * The certification stage machine (docs/certification.md): which moves exist, who may make
 * them, and the guards. Pure: no Nest, no TypeORM, no I/O. Every refusal is a sentence a user can act on.
 */
export const TRANSITIONS: Record<Stage, readonly Stage[]> = {
  [Stage.CapacityBuilding]: [Stage.Applied, Stage.Closed],
  [Stage.Applied]: [Stage.Audit, Stage.Closed],
  [Stage.Audit]: [Stage.CorrectiveAction, Stage.Certified, Stage.Closed],
  [Stage.CorrectiveAction]: [Stage.Audit, Stage.Certified, Stage.Closed],
  [Stage.Certified]: [Stage.Suspended, Stage.Withdrawn, Stage.Expired],
  [Stage.Suspended]: [Stage.Certified, Stage.Withdrawn],
  [Stage.Withdrawn]: [],
  [Stage.Expired]: [],
  [Stage.Closed]: [],
};

/** Stages on the way to a decision: an agency has at most one case in them. */
export const OPEN_STAGES: readonly Stage[] = [
  Stage.CapacityBuilding,
  Stage.Applied,
  Stage.Audit,
  Stage.CorrectiveAction,
];

/** Stages in which the case holds a certificate (valid or suspended): at most one per agency. */
export const CERTIFIED_STAGES: readonly Stage[] = [Stage.Certified, Stage.Suspended];

export const TERMINAL_STAGES: readonly Stage[] = [Stage.Withdrawn, Stage.Expired, Stage.Closed];

/** Moves that need a reason; a suspension's or a withdrawal's is public (docs/certification.md). */
export const REASON_REQUIRED: readonly Stage[] = [Stage.Suspended, Stage.Withdrawn, Stage.Closed];

/**
 * Who is moving the case: one of its auditors, ministry or IOM staff, an administrator, or the service
 * itself (expiry at the certificate's end date; a recertification superseding an older case).
 */
export type Mover = 'auditor' | 'staff' | 'admin' | 'system';

export function isLegalMove(from: Stage, to: Stage): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Moves the service makes on its own, outside the table users work with. */
export function isSystemMove(from: Stage, to: Stage): boolean {
  return (
    (from === Stage.Certified && to === Stage.Expired) ||
    // A recertification's new certificate supersedes the old one, which ends the older case.
    (CERTIFIED_STAGES.includes(from) && to === Stage.Closed)
  );
}

/**
 * The case's auditors make the moves; ministry and IOM may also move `capacity_building` to
 * `applied` and close a case; expiry is automatic. Admins may do what auditors and staff may.
 */
export function mayMove(from: Stage, to: Stage, mover: Mover): boolean {
  if (mover === 'system') return isSystemMove(from, to);
  if (!isLegalMove(from, to) || to === Stage.Expired) return false;
  if (mover === 'auditor' || mover === 'admin') return true;
  return to === Stage.Closed || (from === Stage.CapacityBuilding && to === Stage.Applied);
}

/** Why `mover` may not make the move, in words; null when they may. */
export function moverRefusal(from: Stage, to: Stage, mover: Mover): string | null {
  if (mayMove(from, to, mover) || !isLegalMove(from, to)) return null;
  if (to === Stage.Expired) return 'a case expires on its own at the end of its certificate';
  return mover === 'staff'
    ? 'ministry and IOM staff may only move a case from capacity_building to applied, or close it; the case’s auditors make the other moves'
    : 'only the case’s auditors may make this move';
}

/** Why the move does not exist in the stage table; null when it does. */
export function illegalMoveReason(from: Stage, to: Stage): string | null {
  if (isLegalMove(from, to)) return null;
  if (from === to) return `the case is already in ${from}`;
  if (TERMINAL_STAGES.includes(from)) return `the case is ${from}: that is final, open a new case instead`;
  return `a case in ${from} can move only to ${TRANSITIONS[from].join(', ')}`;
}

export interface AuditFacts {
  type: AuditType;
  conductedOn: string | null;
}

export interface FindingFacts {
  criterion: string;
  severity: FindingSeverity;
  status: FindingStatus;
  dueOn: string | null;
}

/** What the guards look at, loaded by the service. */
export interface CaseFacts {
  /** At least one of the agency's staff completed an IRIS training. */
  agencyTrained: boolean;
  /** The licence status as it reads today (an active licence past its date reads expired). */
  licenceStatus: string;
  audits: AuditFacts[];
  findings: FindingFacts[];
  /** The due date of the surveillance audit when it has passed and the audit is not done; null otherwise. */
  overdueSurveillanceOn: string | null;
  /** The certificate's expiry date when it has come (a suspended certificate past it cannot be reinstated). */
  certificateExpiredOn?: string | null;
}

const describe = (finding: FindingFacts) =>
  `${finding.severity} finding ${finding.criterion}` + (finding.dueOn ? ` due ${finding.dueOn}` : '');

const isOpenMajor = (finding: FindingFacts) =>
  finding.severity === FindingSeverity.Major && finding.status !== FindingStatus.Closed;

/**
 * A stage-2 audit has been conducted, no major finding is short of `closed`, and every minor
 * finding has at least an accepted corrective-action plan. Returns the unmet conditions.
 */
export function certifiedGuard(audits: AuditFacts[], findings: FindingFacts[]): string[] {
  const unmet: string[] = [];
  if (!audits.some((audit) => audit.type === AuditType.Stage2 && audit.conductedOn)) {
    unmet.push('no stage-2 (on-site) audit has been conducted');
  }
  for (const finding of findings) {
    if (isOpenMajor(finding)) {
      unmet.push(`${finding.status.replace('_', ' ')} ${describe(finding)} is not closed`);
    }
    if (
      finding.severity === FindingSeverity.Minor &&
      (finding.status === FindingStatus.Open || finding.status === FindingStatus.ActionProposed)
    ) {
      unmet.push(`${describe(finding)} has no accepted corrective-action plan`);
    }
  }
  return unmet;
}

const STILL_OPEN: Record<FindingStatus, string> = {
  [FindingStatus.Open]: 'is open',
  [FindingStatus.ActionProposed]: 'is open: its corrective-action plan awaits acceptance',
  [FindingStatus.ActionAccepted]: 'is open: its corrective action awaits verification',
  [FindingStatus.Closed]: 'is closed',
};

/**
 * docs/certification.md: a suspension rests on the auditor's judgement. These are the grounds the
 * service can see (an open major finding, an overdue surveillance, a licence not active), shown to the
 * auditor as facts; an empty list never stops a suspension (a complaint, misuse of the certificate or
 * the agency's own request are grounds the service cannot see).
 */
export function suspensionGrounds(facts: CaseFacts): string[] {
  const grounds = facts.findings.filter(isOpenMajor).map((f) => `${describe(f)} ${STILL_OPEN[f.status]}`);
  if (facts.overdueSurveillanceOn) {
    grounds.push(`the surveillance audit due ${facts.overdueSurveillanceOn} is overdue`);
  }
  if (facts.licenceStatus !== 'active') grounds.push(`the agency’s licence is ${facts.licenceStatus}`);
  return grounds;
}

/** Every unmet condition for the move; empty when it may happen. The mover, the table and the reason are checked apart. */
export function guardRefusals(from: Stage, to: Stage, facts: CaseFacts): string[] {
  const unmet: string[] = [];
  if (to === Stage.Applied && !facts.agencyTrained) {
    unmet.push('no staff of this agency completed an IRIS training');
  }
  if ((to === Stage.Applied || to === Stage.Certified) && facts.licenceStatus !== 'active') {
    unmet.push(`the agency’s licence is ${facts.licenceStatus}`);
  }
  if (to === Stage.Certified) unmet.push(...certifiedGuard(facts.audits, facts.findings));
  if (from === Stage.Suspended && to === Stage.Certified && facts.certificateExpiredOn) {
    unmet.push(
      `the certificate expired on ${facts.certificateExpiredOn}: only a recertification (a new case) can follow`,
    );
  }
  return unmet;
}

/** Whether the move needs a reason (suspension, withdrawal, closing). */
export const needsReason = (to: Stage): boolean => REASON_REQUIRED.includes(to);

/** Why the move may not happen without a reason; null when it needs none or has one. */
export function reasonRefusal(to: Stage, reason: string | null): string | null {
  return needsReason(to) && !reason?.trim() ? `a reason is required to move a case to ${to}` : null;
}

/** Everything that stands in the way of one move, by the answer it gets. */
export interface MoveVerdict {
  /** Why this person may not make it (403); null when they may. */
  who: string | null;
  /** Why the stage table has no such move (409 CASE_ILLEGAL_TRANSITION); null when it has. */
  illegal: string | null;
  /** Why it needs a reason it was not given (409 CASE_GUARD_FAILED); null otherwise. */
  reason: string | null;
  /** The unmet guards (409 CASE_GUARD_FAILED); empty when every one is met. */
  unmet: string[];
}

/**
 * The one judgement of a move, made for a transition and for the list of moves a user may make now.
 * `mover` null: the person is neither one of the case's auditors, ministry or IOM staff, nor an admin.
 */
export function judgeMove(
  from: Stage,
  to: Stage,
  mover: Mover | null,
  facts: CaseFacts,
  reason: string | null,
): MoveVerdict {
  return {
    who: mover ? moverRefusal(from, to, mover) : 'only the auditors assigned to this case may move it',
    illegal: illegalMoveReason(from, to),
    reason: reasonRefusal(to, reason),
    unmet: guardRefusals(from, to, facts),
  };
}

export interface AttentionFacts {
  stage: Stage;
  nextSurveillanceOn: string | null;
  /** The Lao day of the case's last move. */
  stageChangedOn: string;
  /** Its findings past their due date and not closed. */
  overdueFindings: number;
}

/**
 * Why a case needs someone to act, each reason once: in words for the case (`attentionFor`) and as SQL
 * for the list's `needsAttention` filter (`ATTENTION_SQL`, over a case aliased `c`, with the parameters
 * :today and :suspendedBefore), so the two cannot disagree. Where a case is final, nobody can act.
 */
const ATTENTION = [
  {
    words: (f: AttentionFacts) =>
      f.overdueFindings === 0
        ? null
        : f.overdueFindings === 1
          ? '1 finding is past its due date'
          : `${f.overdueFindings} findings are past their due date`,
    sql: `EXISTS (SELECT 1 FROM findings f WHERE f.case_id = c.id AND f.status <> '${FindingStatus.Closed}' AND f.due_on < :today)`,
  },
  {
    words: (f: AttentionFacts, today: string) =>
      f.stage === Stage.Certified && f.nextSurveillanceOn && f.nextSurveillanceOn < today
        ? `the surveillance audit due ${f.nextSurveillanceOn} is overdue`
        : null,
    sql: `(c.stage = '${Stage.Certified}' AND c.next_surveillance_on < :today)`,
  },
  {
    words: (f: AttentionFacts, _today: string, suspendedBefore: string) =>
      f.stage === Stage.Suspended && f.stageChangedOn <= suspendedBefore
        ? `suspended since ${f.stageChangedOn}, past the limit: reinstate or withdraw`
        : null,
    sql: `(c.stage = '${Stage.Suspended}' AND (c.stage_changed_at AT TIME ZONE '${LAO_TIME_ZONE}')::date <= :suspendedBefore)`,
  },
];

/** What a case needs someone to do, in words. */
export function attentionFor(facts: AttentionFacts, today: string, suspendedBefore: string): string[] {
  if (TERMINAL_STAGES.includes(facts.stage)) return [];
  return ATTENTION.flatMap((reason) => reason.words(facts, today, suspendedBefore) ?? []);
}

/** The same, as a condition on a case `c`: true when `attentionFor` would say anything. */
export const ATTENTION_SQL = `(c.stage NOT IN (${TERMINAL_STAGES.map((stage) => `'${stage}'`).join(', ')}) AND (${ATTENTION.map((reason) => reason.sql).join(' OR ')}))`;
