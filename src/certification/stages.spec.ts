import { CertificationStage as S } from '../common/certification-stage';
import { AuditType, FindingSeverity as Sev, FindingStatus as F } from './certification.enums';
import {
  attentionFor,
  AuditFacts,
  CaseFacts,
  certifiedGuard,
  FindingFacts,
  guardRefusals,
  illegalMoveReason,
  isLegalMove,
  isSystemMove,
  mayMove,
  judgeMove,
  Mover,
  moverRefusal,
  needsReason,
  reasonRefusal,
  suspensionGrounds,
} from './stages';

const STAGES: S[] = [
  S.CapacityBuilding,
  S.Applied,
  S.Audit,
  S.CorrectiveAction,
  S.Certified,
  S.Suspended,
  S.Withdrawn,
  S.Expired,
  S.Closed,
];

/** docs/certification.md: the stage table, written out by hand (not read from TRANSITIONS). */
const DOCUMENTED_MOVES: Record<S, S[]> = {
  [S.CapacityBuilding]: [S.Applied, S.Closed],
  [S.Applied]: [S.Audit, S.Closed],
  [S.Audit]: [S.CorrectiveAction, S.Certified, S.Closed],
  [S.CorrectiveAction]: [S.Audit, S.Certified, S.Closed],
  [S.Certified]: [S.Suspended, S.Withdrawn, S.Expired],
  [S.Suspended]: [S.Certified, S.Withdrawn],
  [S.Withdrawn]: [],
  [S.Expired]: [],
  [S.Closed]: [],
};

const FINAL: S[] = [S.Withdrawn, S.Expired, S.Closed];

const ALL_PAIRS: [S, S][] = STAGES.flatMap((from) => STAGES.map((to): [S, S] => [from, to]));
const isDocumentedMove = ([from, to]: [S, S]) => DOCUMENTED_MOVES[from].includes(to);
const LEGAL_PAIRS = ALL_PAIRS.filter(isDocumentedMove);
const ILLEGAL_PAIRS = ALL_PAIRS.filter((pair) => !isDocumentedMove(pair));

describe('certification stage table', () => {
  it('has 81 (from, to) pairs of which 15 are moves', () => {
    expect(ALL_PAIRS).toHaveLength(81);
    expect(LEGAL_PAIRS).toHaveLength(15);
  });

  const TABLE_ROWS = ALL_PAIRS.map(([from, to]): [S, S, string, boolean] => {
    const legal = isDocumentedMove([from, to]);
    return [from, to, legal ? 'legal' : 'illegal', legal];
  });

  it.each(TABLE_ROWS)('%s → %s is %s', (from, to, _label, legal) => {
    expect(isLegalMove(from, to)).toBe(legal);
  });

  describe('illegalMoveReason', () => {
    it.each(LEGAL_PAIRS)('%s → %s is a move: no reason', (from, to) => {
      expect(illegalMoveReason(from, to)).toBeNull();
    });

    it.each(ILLEGAL_PAIRS)('%s → %s is refused with a sentence', (from, to) => {
      expect(illegalMoveReason(from, to)).toMatch(/^(a case|the case) .+/);
    });

    it.each(STAGES)('%s → %s says the case is already there', (stage) => {
      expect(illegalMoveReason(stage, stage)).toBe(`the case is already in ${stage}`);
    });

    it.each(ILLEGAL_PAIRS.filter(([from, to]) => FINAL.includes(from) && from !== to))(
      '%s → %s says the stage is final',
      (from, to) => {
        expect(illegalMoveReason(from, to)).toBe(
          `the case is ${from}: that is final, open a new case instead`,
        );
      },
    );

    it.each([
      [S.CapacityBuilding, S.Audit, 'a case in capacity_building can move only to applied, closed'],
      [S.Applied, S.Certified, 'a case in applied can move only to audit, closed'],
      [S.Audit, S.Applied, 'a case in audit can move only to corrective_action, certified, closed'],
      [
        S.CorrectiveAction,
        S.Suspended,
        'a case in corrective_action can move only to audit, certified, closed',
      ],
      [S.Certified, S.Closed, 'a case in certified can move only to suspended, withdrawn, expired'],
      [S.Suspended, S.Expired, 'a case in suspended can move only to certified, withdrawn'],
    ])('%s → %s lists the moves there are', (from, to, reason) => {
      expect(illegalMoveReason(from, to)).toBe(reason);
    });
  });
});

describe('who may move a case', () => {
  // Auditors (and admins) make every move but expiry; ministry/IOM staff only capacity_building →
  // applied and closing; the service itself only expiry (and supersession, outside the table).
  const MOVERS: Mover[] = ['auditor', 'staff', 'admin', 'system'];
  // from, to, auditor, staff, admin, system
  const WHO: [S, S, boolean, boolean, boolean, boolean][] = [
    [S.CapacityBuilding, S.Applied, true, true, true, false],
    [S.CapacityBuilding, S.Closed, true, true, true, false],
    [S.Applied, S.Audit, true, false, true, false],
    [S.Applied, S.Closed, true, true, true, false],
    [S.Audit, S.CorrectiveAction, true, false, true, false],
    [S.Audit, S.Certified, true, false, true, false],
    [S.Audit, S.Closed, true, true, true, false],
    [S.CorrectiveAction, S.Audit, true, false, true, false],
    [S.CorrectiveAction, S.Certified, true, false, true, false],
    [S.CorrectiveAction, S.Closed, true, true, true, false],
    [S.Certified, S.Suspended, true, false, true, false],
    [S.Certified, S.Withdrawn, true, false, true, false],
    [S.Certified, S.Expired, false, false, false, true],
    [S.Suspended, S.Certified, true, false, true, false],
    [S.Suspended, S.Withdrawn, true, false, true, false],
  ];

  const ROWS = WHO.flatMap(([from, to, ...allowed]) =>
    MOVERS.map((mover, i): [Mover, S, S, boolean] => [mover, from, to, allowed[i]]),
  );
  const ALLOWED = ROWS.filter(([, , , allowed]) => allowed);
  const REFUSED = ROWS.filter(([, , , allowed]) => !allowed);

  it('covers every legal move', () => {
    expect(WHO.map(([from, to]) => [from, to])).toEqual(LEGAL_PAIRS);
  });

  it.each(ROWS)('%s may move %s → %s: %s', (mover, from, to, allowed) => {
    expect(mayMove(from, to, mover)).toBe(allowed);
  });

  it.each(ALLOWED)('%s moving %s → %s is not refused', (mover, from, to) => {
    expect(moverRefusal(from, to, mover)).toBeNull();
  });

  it.each(REFUSED.filter(([, , to]) => to === S.Expired))(
    '%s moving %s → %s is told expiry is automatic',
    (mover, from, to) => {
      expect(moverRefusal(from, to, mover)).toBe('a case expires on its own at the end of its certificate');
    },
  );

  it.each(REFUSED.filter(([mover, , to]) => mover === 'staff' && to !== S.Expired))(
    '%s moving %s → %s is told what staff may do',
    (mover, from, to) => {
      expect(moverRefusal(from, to, mover)).toBe(
        'ministry and IOM staff may only move a case from capacity_building to applied, or close it; the case’s auditors make the other moves',
      );
    },
  );

  it.each(REFUSED.filter(([mover, , to]) => mover === 'system' && to !== S.Expired))(
    '%s moving %s → %s is told only auditors may',
    (mover, from, to) => {
      expect(moverRefusal(from, to, mover)).toBe('only the case’s auditors may make this move');
    },
  );

  describe.each(['auditor', 'staff', 'admin'] as Mover[])('%s', (mover) => {
    it.each(ILLEGAL_PAIRS)(
      `may not make the illegal move %s → %s (legality is reported apart)`,
      (from, to) => {
        expect(mayMove(from, to, mover)).toBe(false);
        expect(moverRefusal(from, to, mover)).toBeNull();
      },
    );
  });

  describe('the service itself (system)', () => {
    const SYSTEM_MOVES: [S, S][] = [
      [S.Certified, S.Expired],
      [S.Certified, S.Closed], // a recertification supersedes the older case
      [S.Suspended, S.Closed],
    ];
    const isSystem = ([from, to]: [S, S]) => SYSTEM_MOVES.some(([f, t]) => f === from && t === to);

    it.each(SYSTEM_MOVES)('may move %s → %s', (from, to) => {
      expect(isSystemMove(from, to)).toBe(true);
      expect(mayMove(from, to, 'system')).toBe(true);
      expect(moverRefusal(from, to, 'system')).toBeNull();
    });

    it.each(ALL_PAIRS.filter((pair) => !isSystem(pair)))('may not move %s → %s', (from, to) => {
      expect(isSystemMove(from, to)).toBe(false);
      expect(mayMove(from, to, 'system')).toBe(false);
    });
  });
});

const STAGE2_DONE: AuditFacts = { type: AuditType.Stage2, conductedOn: '2026-01-10' };

const finding = (
  criterion: string,
  severity: Sev,
  status: F,
  dueOn: string | null = '2026-06-01',
): FindingFacts => ({ criterion, severity, status, dueOn });

/** Facts that meet every guard, and show no ground for a suspension. */
const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  agencyTrained: true,
  licenceStatus: 'active',
  audits: [STAGE2_DONE],
  findings: [],
  overdueSurveillanceOn: null,
  ...overrides,
});

describe('guards: moving to applied', () => {
  it.each([
    ['a trained agency with an active licence', facts(), []],
    [
      'an agency no staff of which was trained',
      facts({ agencyTrained: false }),
      ['no staff of this agency completed an IRIS training'],
    ],
    ['a suspended licence', facts({ licenceStatus: 'suspended' }), ['the agency’s licence is suspended']],
    ['an expired licence', facts({ licenceStatus: 'expired' }), ['the agency’s licence is expired']],
    [
      'both',
      facts({ agencyTrained: false, licenceStatus: 'revoked' }),
      ['no staff of this agency completed an IRIS training', 'the agency’s licence is revoked'],
    ],
  ])('%s', (_label, given, expected) => {
    expect(guardRefusals(S.CapacityBuilding, S.Applied, given)).toEqual(expected);
  });
});

describe('guards: moving to certified', () => {
  describe('certifiedGuard', () => {
    it.each([
      ['a conducted stage-2 audit', [STAGE2_DONE], []],
      ['no audit', [], ['no stage-2 (on-site) audit has been conducted']],
      [
        'a planned but not conducted stage-2 audit',
        [{ type: AuditType.Stage2, conductedOn: null }],
        ['no stage-2 (on-site) audit has been conducted'],
      ],
      [
        'only a conducted stage-1 audit',
        [{ type: AuditType.Stage1, conductedOn: '2025-12-01' }],
        ['no stage-2 (on-site) audit has been conducted'],
      ],
      [
        'a conducted stage-1 and a planned stage-2 audit',
        [
          { type: AuditType.Stage1, conductedOn: '2025-12-01' },
          { type: AuditType.Stage2, conductedOn: null },
        ],
        ['no stage-2 (on-site) audit has been conducted'],
      ],
      [
        'a planned and a conducted stage-2 audit',
        [{ type: AuditType.Stage2, conductedOn: null }, STAGE2_DONE],
        [],
      ],
    ])('audits: %s', (_label, audits, expected) => {
      expect(certifiedGuard(audits as AuditFacts[], [])).toEqual(expected);
    });

    it.each([
      [
        finding('1.1', Sev.Major, F.Open, '2020-05-10'),
        ['open major finding 1.1 due 2020-05-10 is not closed'],
      ],
      [
        finding('2.3', Sev.Major, F.ActionProposed, '2026-01-01'),
        ['action proposed major finding 2.3 due 2026-01-01 is not closed'],
      ],
      [
        finding('2.4', Sev.Major, F.ActionAccepted, '2026-01-01'),
        ['action accepted major finding 2.4 due 2026-01-01 is not closed'],
      ],
      [finding('1.2', Sev.Major, F.Open, null), ['open major finding 1.2 is not closed']],
      [finding('1.1', Sev.Major, F.Closed), []],
      [
        finding('3.2', Sev.Minor, F.Open, '2026-02-01'),
        ['minor finding 3.2 due 2026-02-01 has no accepted corrective-action plan'],
      ],
      [
        finding('3.2', Sev.Minor, F.ActionProposed, '2026-02-01'),
        ['minor finding 3.2 due 2026-02-01 has no accepted corrective-action plan'],
      ],
      [finding('3.3', Sev.Minor, F.Open, null), ['minor finding 3.3 has no accepted corrective-action plan']],
      [finding('3.2', Sev.Minor, F.ActionAccepted), []],
      [finding('3.2', Sev.Minor, F.Closed), []],
      [finding('4.1', Sev.Observation, F.Open), []],
      [finding('4.1', Sev.Observation, F.ActionProposed), []],
      [finding('4.1', Sev.Observation, F.ActionAccepted), []],
      [finding('4.1', Sev.Observation, F.Closed), []],
    ])('finding %j → %j', (given, expected) => {
      expect(certifiedGuard([STAGE2_DONE], [given])).toEqual(expected);
    });

    it('returns every unmet condition', () => {
      expect(
        certifiedGuard(
          [{ type: AuditType.Stage1, conductedOn: '2025-12-01' }],
          [
            finding('1.1', Sev.Major, F.Open, '2020-05-10'),
            finding('3.2', Sev.Minor, F.ActionProposed, '2026-02-01'),
            finding('4.1', Sev.Observation, F.Open),
            finding('2.3', Sev.Major, F.ActionProposed, '2026-01-01'),
          ],
        ),
      ).toEqual([
        'no stage-2 (on-site) audit has been conducted',
        'open major finding 1.1 due 2020-05-10 is not closed',
        'minor finding 3.2 due 2026-02-01 has no accepted corrective-action plan',
        'action proposed major finding 2.3 due 2026-01-01 is not closed',
      ]);
    });
  });

  it.each([
    [S.Audit, 'every condition met', facts(), []],
    [S.CorrectiveAction, 'every condition met', facts(), []],
    [S.Suspended, 'every condition met (reinstatement)', facts(), []],
    [
      S.Audit,
      'a suspended licence',
      facts({ licenceStatus: 'suspended' }),
      ['the agency’s licence is suspended'],
    ],
    [S.Audit, 'no audit', facts({ audits: [] }), ['no stage-2 (on-site) audit has been conducted']],
    [
      S.CorrectiveAction,
      'an expired licence and an open major finding',
      facts({ licenceStatus: 'expired', findings: [finding('1.1', Sev.Major, F.Open, '2020-05-10')] }),
      ['the agency’s licence is expired', 'open major finding 1.1 due 2020-05-10 is not closed'],
    ],
  ])('guardRefusals %s → certified with %s', (from, _label, given, expected) => {
    expect(guardRefusals(from, S.Certified, given)).toEqual(expected);
  });
});

describe('guards: reinstating a suspended certificate', () => {
  it('is refused once the certificate has expired: only a recertification can follow', () => {
    expect(guardRefusals(S.Suspended, S.Certified, facts({ certificateExpiredOn: '2026-05-10' }))).toEqual([
      'the certificate expired on 2026-05-10: only a recertification (a new case) can follow',
    ]);
    expect(guardRefusals(S.Suspended, S.Certified, facts({ certificateExpiredOn: null }))).toEqual([]);
  });
});

describe('a reason is required (reasonRefusal)', () => {
  it.each([
    [S.Certified, S.Suspended],
    [S.Certified, S.Withdrawn],
    [S.Suspended, S.Withdrawn],
    [S.Audit, S.Closed],
    [S.CapacityBuilding, S.Closed],
  ])('%s → %s without a reason, blank or whitespace-only, is refused', (_from, to) => {
    const expected = `a reason is required to move a case to ${to}`;
    expect(needsReason(to)).toBe(true);
    expect(reasonRefusal(to, null)).toBe(expected);
    expect(reasonRefusal(to, '')).toBe(expected);
    expect(reasonRefusal(to, '  \n\t ')).toBe(expected);
    expect(reasonRefusal(to, 'agency asked to leave the scheme')).toBeNull();
  });

  it.each([S.Applied, S.Audit, S.CorrectiveAction, S.Certified, S.Expired])('%s needs no reason', (to) => {
    expect(needsReason(to)).toBe(false);
    expect(reasonRefusal(to, null)).toBeNull();
  });
});

describe('suspension rests on the auditor’s judgement', () => {
  it.each([
    ['no finding', facts()],
    ['only a closed major finding', facts({ findings: [finding('1.1', Sev.Major, F.Closed)] })],
    ['only an open minor finding', facts({ findings: [finding('3.2', Sev.Minor, F.Open)] })],
    ['an open major finding', facts({ findings: [finding('1.1', Sev.Major, F.Open)] })],
    ['an overdue surveillance', facts({ overdueSurveillanceOn: '2026-05-01' })],
    ['a suspended licence', facts({ licenceStatus: 'suspended' })],
  ])('%s: no guard stands in the way of certified → suspended', (_label, given) => {
    expect(guardRefusals(S.Certified, S.Suspended, given)).toEqual([]);
    expect(judgeMove(S.Certified, S.Suspended, 'auditor', given, 'A substantiated complaint')).toEqual({
      who: null,
      illegal: null,
      reason: null,
      unmet: [],
    });
  });

  describe('suspensionGrounds: the facts the service can see', () => {
    it.each([
      ['nothing visible', facts(), []],
      ['a closed major finding', facts({ findings: [finding('1.1', Sev.Major, F.Closed)] }), []],
      ['an open minor finding', facts({ findings: [finding('3.2', Sev.Minor, F.Open)] }), []],
      ['an open observation', facts({ findings: [finding('4.1', Sev.Observation, F.Open)] }), []],
      [
        'an open major finding',
        facts({ findings: [finding('A.2', Sev.Major, F.Open, '2026-10-24')] }),
        ['major finding A.2 due 2026-10-24 is open'],
      ],
      [
        'a major finding with a plan proposed',
        facts({ findings: [finding('1.1', Sev.Major, F.ActionProposed, null)] }),
        ['major finding 1.1 is open: its corrective-action plan awaits acceptance'],
      ],
      [
        'a major finding with a plan accepted',
        facts({ findings: [finding('1.1', Sev.Major, F.ActionAccepted, '2026-06-01')] }),
        ['major finding 1.1 due 2026-06-01 is open: its corrective action awaits verification'],
      ],
      [
        'an overdue surveillance',
        facts({ overdueSurveillanceOn: '2026-05-01' }),
        ['the surveillance audit due 2026-05-01 is overdue'],
      ],
      ['a suspended licence', facts({ licenceStatus: 'suspended' }), ['the agency’s licence is suspended']],
      ['a revoked licence', facts({ licenceStatus: 'revoked' }), ['the agency’s licence is revoked']],
      ['an expired licence', facts({ licenceStatus: 'expired' }), ['the agency’s licence is expired']],
      [
        'all of them, findings first',
        facts({
          findings: [
            finding('A.2', Sev.Major, F.Open, '2026-10-24'),
            finding('3.2', Sev.Minor, F.Open),
            finding('1.1', Sev.Major, F.ActionProposed, '2026-11-01'),
          ],
          overdueSurveillanceOn: '2026-05-01',
          licenceStatus: 'suspended',
        }),
        [
          'major finding A.2 due 2026-10-24 is open',
          'major finding 1.1 due 2026-11-01 is open: its corrective-action plan awaits acceptance',
          'the surveillance audit due 2026-05-01 is overdue',
          'the agency’s licence is suspended',
        ],
      ],
    ])('%s', (_label, given, expected) => {
      expect(suspensionGrounds(given)).toEqual(expected);
    });
  });
});

describe('judgeMove: one verdict for a transition and for the list of moves', () => {
  const open = facts({ findings: [finding('1.1', Sev.Major, F.Open, '2026-12-20')] });
  it.each([
    [
      'an auditor certifying with a major finding open',
      S.Audit,
      S.Certified,
      'auditor' as Mover,
      open,
      null,
      {
        who: null,
        illegal: null,
        reason: null,
        unmet: ['open major finding 1.1 due 2026-12-20 is not closed'],
      },
    ],
    [
      'an auditor suspending without a reason',
      S.Certified,
      S.Suspended,
      'auditor' as Mover,
      facts(),
      '  ',
      { who: null, illegal: null, reason: 'a reason is required to move a case to suspended', unmet: [] },
    ],
    [
      'ministry staff accepting an application',
      S.Applied,
      S.Audit,
      'staff' as Mover,
      facts(),
      null,
      {
        who: 'ministry and IOM staff may only move a case from capacity_building to applied, or close it; the case’s auditors make the other moves',
        illegal: null,
        reason: null,
        unmet: [],
      },
    ],
    [
      'someone with no standing on the case',
      S.Certified,
      S.Withdrawn,
      null,
      facts(),
      'Agency request',
      { who: 'only the auditors assigned to this case may move it', illegal: null, reason: null, unmet: [] },
    ],
    [
      'an auditor moving a closed case',
      S.Closed,
      S.Applied,
      'auditor' as Mover,
      facts(),
      null,
      {
        who: null,
        illegal: 'the case is closed: that is final, open a new case instead',
        reason: null,
        unmet: [],
      },
    ],
  ])('%s', (_label, from, to, mover, given, reason, expected) => {
    expect(judgeMove(from, to, mover, given, reason)).toEqual(expected);
  });
});

describe('attentionFor', () => {
  const today = '2026-11-24';
  const suspendedBefore = '2026-08-26'; // today less the suspension limit
  const quiet = {
    stage: S.Certified,
    nextSurveillanceOn: '2027-05-01',
    stageChangedOn: '2026-01-10',
    overdueFindings: 0,
  };

  it.each([
    ['nothing to do', quiet, []],
    ['1 overdue finding', { ...quiet, overdueFindings: 1 }, ['1 finding is past its due date']],
    ['3 overdue findings', { ...quiet, overdueFindings: 3 }, ['3 findings are past their due date']],
    [
      'surveillance due yesterday',
      { ...quiet, nextSurveillanceOn: '2026-11-23' },
      ['the surveillance audit due 2026-11-23 is overdue'],
    ],
    ['surveillance due today', { ...quiet, nextSurveillanceOn: today }, []],
    ['no surveillance scheduled', { ...quiet, nextSurveillanceOn: null }, []],
    [
      'surveillance past due while suspended',
      { ...quiet, stage: S.Suspended, nextSurveillanceOn: '2026-01-01', stageChangedOn: '2026-11-01' },
      [],
    ],
    [
      'surveillance past due while in audit',
      { ...quiet, stage: S.Audit, nextSurveillanceOn: '2026-01-01' },
      [],
    ],
    [
      'suspended before the limit',
      { ...quiet, stage: S.Suspended, stageChangedOn: '2026-08-01' },
      ['suspended since 2026-08-01, past the limit: reinstate or withdraw'],
    ],
    [
      'suspended on the limit',
      { ...quiet, stage: S.Suspended, stageChangedOn: suspendedBefore },
      ['suspended since 2026-08-26, past the limit: reinstate or withdraw'],
    ],
    ['suspended after the limit', { ...quiet, stage: S.Suspended, stageChangedOn: '2026-08-27' }, []],
    ['certified long ago (not suspended)', { ...quiet, stageChangedOn: '2020-01-01' }, []],
    ['withdrawn long ago', { ...quiet, stage: S.Withdrawn, stageChangedOn: '2020-01-01' }, []],
    [
      'a long suspension with overdue findings',
      {
        ...quiet,
        stage: S.Suspended,
        stageChangedOn: '2026-03-01',
        nextSurveillanceOn: '2026-02-01',
        overdueFindings: 2,
      },
      [
        '2 findings are past their due date',
        'suspended since 2026-03-01, past the limit: reinstate or withdraw',
      ],
    ],
    [
      'an overdue surveillance with an overdue finding',
      { ...quiet, nextSurveillanceOn: '2026-10-01', overdueFindings: 1 },
      ['1 finding is past its due date', 'the surveillance audit due 2026-10-01 is overdue'],
    ],
  ])('%s', (_label, given, expected) => {
    expect(attentionFor(given, today, suspendedBefore)).toEqual(expected);
  });
});
