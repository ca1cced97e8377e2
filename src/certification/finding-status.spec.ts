import { FindingSeverity as Sev, FindingStatus as F } from './certification.enums';
import { findingMoveRefusal, isOverdue } from './finding-status';

const SEVERITIES = [Sev.Major, Sev.Minor, Sev.Observation];
const PLANS: [string, string | null][] = [
  ['with a plan', 'Retrain the recruiters and refund the fees charged'],
  ['without a plan', null],
  ['with a blank plan', '   '],
];

const CLOSED_IS_FINAL = 'the finding is closed: record a new finding instead';
const PLAN_FIRST = 'record the corrective-action plan first (correctiveActionPlan)';
/** open → closed: only an observation may skip the plan. */
const ACCEPT_FIRST = Symbol('a major or minor finding is closed only after its plan is accepted');

/**
 * docs/certification.md, written out by hand: for each (from, to), the refusal with a plan and without
 * one. null: allowed.
 */
const DOCUMENTED_TABLE: [F, F, string | null | typeof ACCEPT_FIRST, string | null | typeof ACCEPT_FIRST][] = [
  [F.Open, F.Open, null, null],
  [F.Open, F.ActionProposed, null, PLAN_FIRST],
  [
    F.Open,
    F.ActionAccepted,
    'a finding that is open can move only to action_proposed, closed',
    'a finding that is open can move only to action_proposed, closed',
  ],
  [F.Open, F.Closed, ACCEPT_FIRST, ACCEPT_FIRST],
  [F.ActionProposed, F.Open, null, null], // sent back
  [F.ActionProposed, F.ActionProposed, null, null],
  [F.ActionProposed, F.ActionAccepted, null, PLAN_FIRST],
  [
    F.ActionProposed,
    F.Closed,
    'a finding that is action_proposed can move only to open, action_accepted',
    'a finding that is action_proposed can move only to open, action_accepted',
  ],
  [
    F.ActionAccepted,
    F.Open,
    'a finding that is action_accepted can move only to closed, action_proposed',
    'a finding that is action_accepted can move only to closed, action_proposed',
  ],
  [F.ActionAccepted, F.ActionProposed, null, PLAN_FIRST], // reopened for a revised plan
  [F.ActionAccepted, F.ActionAccepted, null, null],
  [F.ActionAccepted, F.Closed, null, null],
  [F.Closed, F.Open, CLOSED_IS_FINAL, CLOSED_IS_FINAL],
  [F.Closed, F.ActionProposed, CLOSED_IS_FINAL, CLOSED_IS_FINAL],
  [F.Closed, F.ActionAccepted, CLOSED_IS_FINAL, CLOSED_IS_FINAL],
  [F.Closed, F.Closed, null, null],
];

type Row = [Sev, F, F, string, string | null, string | null]; // severity, from, to, label, refusal, plan
const ROWS: Row[] = SEVERITIES.flatMap((severity) =>
  DOCUMENTED_TABLE.flatMap(([from, to, withPlan, withoutPlan]) =>
    PLANS.map(([label, plan]): Row => {
      const cell = plan?.trim() ? withPlan : withoutPlan;
      const refusal =
        cell !== ACCEPT_FIRST
          ? cell
          : severity === Sev.Observation
            ? null
            : `a ${severity} finding is closed only after its corrective-action plan is accepted`;
      return [severity, from, to, label, refusal, plan];
    }),
  ),
);

describe('finding status moves', () => {
  it('covers every (from, to) pair for each severity, with and without a plan', () => {
    expect(DOCUMENTED_TABLE).toHaveLength(16);
    expect(ROWS).toHaveLength(16 * 3 * 3);
  });

  it.each(ROWS.filter(([, , , , refusal]) => refusal === null))(
    '%s finding may move %s → %s %s',
    (severity, status, to, _label, _refusal, correctiveActionPlan) => {
      expect(findingMoveRefusal({ severity, status, correctiveActionPlan }, to)).toBeNull();
    },
  );

  it.each(ROWS.filter(([, , , , refusal]) => refusal !== null))(
    '%s finding may not move %s → %s %s: “%s”',
    (severity, status, to, _label, refusal, correctiveActionPlan) => {
      expect(findingMoveRefusal({ severity, status, correctiveActionPlan }, to)).toBe(refusal);
    },
  );

  describe('in words', () => {
    it.each(SEVERITIES)('a closed %s finding is final', (severity) => {
      expect(findingMoveRefusal({ severity, status: F.Closed, correctiveActionPlan: 'x' }, F.Open)).toBe(
        CLOSED_IS_FINAL,
      );
    });

    it('an observation may be closed straight from open, without a plan', () => {
      expect(
        findingMoveRefusal(
          { severity: Sev.Observation, status: F.Open, correctiveActionPlan: null },
          F.Closed,
        ),
      ).toBeNull();
    });

    it.each([Sev.Major, Sev.Minor])(
      'a %s finding may not be closed straight from open, even with a plan',
      (severity) => {
        expect(
          findingMoveRefusal({ severity, status: F.Open, correctiveActionPlan: 'a plan' }, F.Closed),
        ).toBe(`a ${severity} finding is closed only after its corrective-action plan is accepted`);
      },
    );

    it.each([
      [F.Open, F.ActionProposed],
      [F.ActionProposed, F.ActionAccepted],
    ])('%s → %s needs a non-blank plan', (status, to) => {
      expect(findingMoveRefusal({ severity: Sev.Minor, status, correctiveActionPlan: ' \n ' }, to)).toBe(
        PLAN_FIRST,
      );
    });
  });
});

describe('isOverdue', () => {
  const today = '2026-11-24';
  it.each([
    [F.Open, '2026-11-23', true],
    [F.ActionProposed, '2026-01-01', true],
    [F.ActionAccepted, '2025-12-31', true],
    [F.Closed, '2026-11-23', false],
    [F.Open, today, false], // due today is not overdue yet
    [F.Open, '2026-11-25', false],
    [F.Open, null, false],
    [F.ActionAccepted, null, false],
  ])('a finding %s due %s is overdue: %s', (status, dueOn, overdue) => {
    expect(isOverdue({ status, dueOn }, today)).toBe(overdue);
  });
});
