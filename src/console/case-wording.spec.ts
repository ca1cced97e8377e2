import { AuditType, FindingSeverity, FindingStatus } from '../certification/certification.enums';
import {
  type CaseFacts,
  guardRefusals,
  judgeMove,
  reasonRefusal,
  suspensionGrounds,
} from '../certification/stages';
import { CertificationStage as Stage } from '../common/certification-stage';
import { fill, loadMessages } from '../common/i18n';
import { ruleSentence } from './case-wording';

const lo = loadMessages('lo');
const text = (key: string, values?: Record<string, unknown>) => {
  if (lo[key] === undefined) throw new Error(`no Lao wording ${key}`);
  return fill(lo[key], values ?? {});
};
const inLao = (sentence: string) => ruleSentence(sentence, 'lo', text, (day) => `[${day}]`);

const finding = (severity: FindingSeverity, status: FindingStatus, dueOn: string | null = '2026-05-10') => ({
  criterion: 'A.2',
  severity,
  status,
  dueOn,
});

const facts: CaseFacts = {
  agencyTrained: false,
  licenceStatus: 'suspended',
  audits: [{ type: AuditType.Stage1, conductedOn: '2026-01-02' }],
  findings: [
    finding(FindingSeverity.Major, FindingStatus.Open),
    finding(FindingSeverity.Major, FindingStatus.ActionAccepted, null),
    finding(FindingSeverity.Minor, FindingStatus.ActionProposed),
  ],
  overdueSurveillanceOn: '2026-03-01',
  certificateExpiredOn: '2026-04-01',
};

/** Every sentence the stage rules can say about a move, made by the rules themselves. */
const sentences = [
  ...guardRefusals(Stage.CapacityBuilding, Stage.Applied, facts),
  ...guardRefusals(Stage.Suspended, Stage.Certified, facts),
  ...suspensionGrounds(facts).filter((ground) => !ground.startsWith('the agency’s licence')),
  judgeMove(Stage.Audit, Stage.Certified, null, facts, null).who!,
  judgeMove(Stage.Audit, Stage.Certified, 'staff', facts, null).who!,
  reasonRefusal(Stage.Suspended, null)!,
];

describe('ruleSentence: the certification rules’ sentences for the reader', () => {
  it('gives English readers the API’s own sentence', () => {
    for (const sentence of sentences) expect(ruleSentence(sentence, 'en', text, (d) => d)).toBe(sentence);
  });

  it.each(sentences)('words “%s” in Lao, with no English left', (sentence) => {
    const worded = inLao(sentence);
    expect(worded).not.toBe(sentence);
    // Codes (A.2), dates and the names IRIS and IOM may stay; English words may not.
    expect(worded.replace(/IRIS|IOM|A\.2|\[[\d-]+\]/g, '')).not.toMatch(/[a-z]{3,}/i);
  });

  it('names the finding, its due date and its status', () => {
    expect(inLao('open major finding A.2 due 2026-05-10 is not closed')).toBe(
      'ຂໍ້ບົກພ່ອງຮ້າຍແຮງ A.2 ຄົບກຳນົດ [2026-05-10] (ເປີດຢູ່) ຍັງບໍ່ປິດ',
    );
  });

  it('leaves a sentence it does not know as the API wrote it', () => {
    expect(inLao('something new the rules say')).toBe('something new the rules say');
  });
});
