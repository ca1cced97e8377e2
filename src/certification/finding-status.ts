import { FindingSeverity, FindingStatus } from './certification.enums';

/**
 * docs/certification.md, Findings: the agency proposes a corrective-action plan, an auditor accepts it after
 * review (or sends it back), and closes the finding once the action is verified. An observation needs no
 * response: it may be closed without a plan. Pure.
 */
const NEXT: Record<FindingStatus, readonly FindingStatus[]> = {
  [FindingStatus.Open]: [FindingStatus.ActionProposed, FindingStatus.Closed],
  [FindingStatus.ActionProposed]: [FindingStatus.Open, FindingStatus.ActionAccepted],
  [FindingStatus.ActionAccepted]: [FindingStatus.Closed, FindingStatus.ActionProposed],
  [FindingStatus.Closed]: [],
};

export interface FindingState {
  severity: FindingSeverity;
  status: FindingStatus;
  /** The plan after the change. */
  correctiveActionPlan: string | null;
}

/** Why the finding may not move to `to`; null when it may. */
export function findingMoveRefusal(finding: FindingState, to: FindingStatus): string | null {
  if (finding.status === to) return null;
  if (finding.status === FindingStatus.Closed) return 'the finding is closed: record a new finding instead';
  if (!NEXT[finding.status].includes(to)) {
    return `a finding that is ${finding.status} can move only to ${NEXT[finding.status].join(', ')}`;
  }
  const hasPlan = Boolean(finding.correctiveActionPlan?.trim());
  if (to === FindingStatus.Closed && finding.status === FindingStatus.Open) {
    return finding.severity === FindingSeverity.Observation
      ? null
      : `a ${finding.severity} finding is closed only after its corrective-action plan is accepted`;
  }
  if ((to === FindingStatus.ActionProposed || to === FindingStatus.ActionAccepted) && !hasPlan) {
    return 'record the corrective-action plan first (correctiveActionPlan)';
  }
  return null;
}

/** Past its due date and not closed, on the Lao calendar day `today`. */
export function isOverdue(finding: { status: FindingStatus; dueOn: string | null }, today: string): boolean {
  return finding.status !== FindingStatus.Closed && finding.dueOn !== null && finding.dueOn < today;
}
