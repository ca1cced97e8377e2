import { CertificationStage as Stage } from '../common/certification-stage';
import { AuditType, FindingSeverity as S, FindingStatus } from '../certification/certification.enums';
import { type DemoDates, monthOf, spelled, yearOf } from './demo-dates';

export interface DemoFinding {
  criterion: string;
  severity: S;
  description: string;
  evidence: string;
  /** Omitted: the service's default (FINDING_DUE_DAYS after the audit; none for an observation). */
  dueOn?: string;
  /** The agency's corrective-action plan, recorded before the finding moves past `open`. */
  plan?: string;
  status: FindingStatus;
}

export interface DemoAudit {
  type: AuditType;
  plannedOn: string;
  /** Omitted: the audit is only planned. */
  conductedOn?: string;
  summary?: string;
  findings?: DemoFinding[];
}

/**
 * One step of a demo case, in order: a move (by the case's auditor unless `by` says ministry; `on` dates it
 * in the past, so a certification's certificate carries that issue date and year; a suspension's or a
 * withdrawal's public reason in English and in Lao), or an audit with its findings.
 */
export type DemoStep =
  { to: Stage; reason?: string; reasonLo?: string; by?: 'ministry'; on?: string } | { audit: DemoAudit };

export interface DemoCase {
  licenceNumber: string;
  /** The stage the steps end in. */
  stage: Stage;
  /** The day the case was opened, for a case none of whose moves is dated (otherwise a week before them). */
  openedOn?: string;
  steps: DemoStep[];
}

const APPLIED = { to: Stage.Applied, reason: 'Application received with the self-assessment report' };
const ACCEPTED = { to: Stage.Audit, reason: 'Application reviewed and accepted; audit team assigned' };

/**
 * Cases at every stage for nine workshop agencies (all trained, with active licences), dated back from
 * `d.today`: one certified about 20 months ago (valid), one about 15 months ago and suspended since, one
 * about 9 months ago and withdrawn, one about 43 months ago and expired after its three years.
 */
export function demoCases(d: DemoDates): DemoCase[] {
  const ago = (days: number) => d.ago(days);
  return [
    {
      licenceNumber: 'MOLSW-RA-2023-009',
      stage: Stage.CapacityBuilding,
      openedOn: ago(18),
      steps: [
        {
          audit: {
            type: AuditType.SelfAssessment,
            plannedOn: ago(13),
            conductedOn: ago(11),
            summary:
              'Self-assessment questionnaire returned after the Savannakhet gap-analysis session; the agency rates itself weakest on fees and written contracts.',
            findings: [
              {
                criterion: '1',
                severity: S.Observation,
                description:
                  'The fee notice at the office still lists a "service fee" payable by jobseekers; the director says it is no longer charged.',
                evidence: `Photograph of the notice board, ${spelled(ago(11))}.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2023-010',
      stage: Stage.Applied,
      steps: [
        {
          audit: {
            type: AuditType.SelfAssessment,
            plannedOn: ago(32),
            conductedOn: ago(30),
            summary: 'Self-assessment against the IRIS Standard 1.2, reviewed with the compliance officer.',
            findings: [
              {
                criterion: '4',
                severity: S.Observation,
                description:
                  "Copies of jobseekers' ID cards and passports are kept in an unlocked cabinet in the reception area.",
                evidence: `Walk-through of the Thakhek office, ${spelled(ago(30))}.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
        { ...APPLIED, by: 'ministry', on: ago(25) },
        { audit: { type: AuditType.Stage1, plannedOn: d.ahead(9) } },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2023-012',
      stage: Stage.Audit,
      steps: [
        { ...APPLIED, on: ago(90) },
        { ...ACCEPTED, on: ago(80) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(69),
            conductedOn: ago(68),
            summary:
              'Document review: licence, fee policy, contract templates for Japan and Korea, 15 personnel files.',
            findings: [
              {
                criterion: '3',
                severity: S.Minor,
                description:
                  'Employment contracts for workers going to Japan are given in Japanese and English only; workers receive no Lao version before they sign.',
                evidence: `Contract templates JP-${yearOf(ago(68))}-03 and JP-${yearOf(ago(68))}-07; files of workers W4, W9.`,
                plan: 'Have both templates translated into Lao by a certified translator and give workers the Lao version at least 7 days before signing.',
                status: FindingStatus.ActionProposed,
              },
              {
                criterion: '5',
                severity: S.Observation,
                description:
                  'The grievance hotline number is shown at the office but not in the pre-departure handbook workers take abroad.',
                evidence: `Pre-departure handbook, ${yearOf(ago(68))} edition.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
        { audit: { type: AuditType.Stage2, plannedOn: d.ahead(4) } },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2024-016',
      stage: Stage.CorrectiveAction,
      steps: [
        { ...APPLIED, on: ago(190) },
        { ...ACCEPTED, on: ago(175) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(167),
            conductedOn: ago(166),
            summary: 'Document review of the Pakxan office; no findings, on-site audit scheduled.',
          },
        },
        {
          audit: {
            type: AuditType.Stage2,
            plannedOn: ago(96),
            conductedOn: ago(95),
            summary: `On-site audit in Pakxan; interviews with 12 workers deployed to the Republic of Korea in ${yearOf(ago(95))} and their families.`,
            findings: [
              {
                criterion: '1',
                severity: S.Major,
                description:
                  'Nine of the twelve workers interviewed paid the agency a "processing fee" of 2,500,000 to 4,000,000 kip each; recruitment fees must be paid by the employer.',
                evidence: `Interviews W1–W12 (${spelled(ago(95))}); receipt book ${yearOf(ago(95))}/B, receipts 041–063.`,
                dueOn: ago(34),
                plan: `Refund the nine workers in full through their families by ${spelled(d.ahead(32))}; remove the fee from the fee schedule; invoice employers for all recruitment costs.`,
                status: FindingStatus.ActionProposed,
              },
              {
                criterion: '5',
                severity: S.Minor,
                description:
                  'There is no written grievance procedure; complaints from workers abroad are taken by phone and not recorded.',
                evidence: 'Interview with the managing director; no complaint register exists.',
                dueOn: d.ahead(16),
                plan: 'Adopt a written grievance procedure with a complaint register, a Lao-language hotline and a 30-day response time; train all staff.',
                status: FindingStatus.ActionAccepted,
              },
              {
                criterion: '4',
                severity: S.Observation,
                description: "Workers' medical results are sent to employers by unencrypted e-mail.",
                evidence: 'Sent-mail folder of the recruitment officer, the two months before the audit.',
                status: FindingStatus.Open,
              },
            ],
          },
        },
        {
          to: Stage.CorrectiveAction,
          reason: 'Stage-2 audit raised a major finding on recruitment fees',
          on: ago(90),
        },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2023-007',
      stage: Stage.Certified,
      steps: [
        { ...APPLIED, on: ago(720) },
        { ...ACCEPTED, on: ago(700) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(680),
            conductedOn: ago(680),
            summary: 'Document review: fee policy, contracts for Thailand and Japan, data-protection policy.',
          },
        },
        {
          audit: {
            type: AuditType.Stage2,
            plannedOn: ago(615),
            conductedOn: ago(614),
            summary:
              'On-site audit in Xaythany; interviews with 10 workers awaiting deployment and 4 returnees from Thailand.',
            findings: [
              {
                criterion: '2',
                severity: S.Major,
                description:
                  "Passports of three workers awaiting deployment to Thailand were kept in the agency's safe without their written consent.",
                evidence: `Safe inventory, ${spelled(ago(614))}; interviews W2, W5, W7.`,
                dueOn: ago(584),
                plan: 'Return the passports the same day; adopt a written policy that workers keep their own identity documents; brief all staff.',
                status: FindingStatus.Closed,
              },
              {
                criterion: '3',
                severity: S.Minor,
                description:
                  'Contracts for Thailand are in Thai and English; the Lao summary sheet omits the overtime rate and deductions.',
                evidence: `Contract template TH-${yearOf(ago(614))}-01 and its Lao summary sheet.`,
                plan: 'Give workers the full contract in Lao, including overtime and deductions, within three months.',
                status: FindingStatus.Closed,
              },
              {
                criterion: '4',
                severity: S.Observation,
                description:
                  'Files of jobseekers who never went abroad are kept indefinitely; no retention period is set.',
                evidence: `Archive room, files from ${Number(yearOf(ago(614))) - 7}–${Number(yearOf(ago(614))) - 3}.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
        {
          to: Stage.CorrectiveAction,
          reason: 'Stage-2 audit raised a major finding on withheld passports',
          on: ago(612),
        },
        {
          to: Stage.Certified,
          reason: 'Passports returned and the new policy verified on site',
          on: ago(600),
        },
        {
          audit: {
            type: AuditType.Surveillance,
            plannedOn: ago(245),
            conductedOn: ago(240),
            summary:
              'First surveillance audit; the Lao contracts now state overtime and deductions, and workers keep their passports.',
          },
        },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2024-020',
      stage: Stage.Suspended,
      steps: [
        { ...APPLIED, on: ago(540) },
        { ...ACCEPTED, on: ago(525) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(509),
            conductedOn: ago(509),
            summary: 'Document review of the Xaysetha office.',
          },
        },
        {
          audit: {
            type: AuditType.Stage2,
            plannedOn: ago(467),
            conductedOn: ago(467),
            summary: 'On-site audit in Xaysetha; interviews with 8 workers bound for Korea and Japan.',
            findings: [
              {
                criterion: '4',
                severity: S.Minor,
                description:
                  'Registration forms with ID numbers and family contacts are stored in an open shelf in the waiting room.',
                evidence: `Walk-through, ${spelled(ago(467))}.`,
                plan: 'Move the files to a locked cabinet in the records room and keep an access list.',
                status: FindingStatus.Closed,
              },
            ],
          },
        },
        { to: Stage.Certified, reason: 'No open major finding; minor finding closed', on: ago(454) },
        {
          audit: {
            type: AuditType.Surveillance,
            plannedOn: ago(97),
            conductedOn: ago(96),
            summary: 'First surveillance audit; interviews with 6 workers awaiting deployment to Japan.',
            findings: [
              {
                criterion: 'A.2',
                severity: S.Major,
                description:
                  'The agency keeps the passports of eleven workers awaiting deployment and returns them only against a 1,500,000 kip "document fee".',
                evidence: `Safe inventory, ${spelled(ago(96))}; interviews W1–W6.`,
                dueOn: ago(36),
                status: FindingStatus.Open,
              },
              {
                criterion: '1',
                severity: S.Minor,
                description:
                  'Workers were charged 300,000 kip each for the pre-departure orientation, a cost the employer must bear.',
                evidence: `Receipts ${yearOf(ago(96))}/311–${yearOf(ago(96))}/316.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
        {
          to: Stage.Suspended,
          reason: `Surveillance audit of ${spelled(ago(96))} found passports of workers awaiting deployment withheld by the agency; suspended until they are returned and the corrective action is verified`,
          reasonLo: `ການກວດສອບຕິດຕາມ ວັນທີ ${spelled(ago(96), 'lo')} ພົບວ່າ ບໍລິສັດຈັດຫາງານຍຶດໜັງສືຜ່ານແດນຂອງແຮງງານທີ່ລໍຖ້າໄປເຮັດວຽກໄວ້; ໃບຢັ້ງຢືນຖືກໂຈະ ຈົນກວ່າຈະສົ່ງໜັງສືຜ່ານແດນຄືນ ແລະ ກວດສອບມາດຕະການແກ້ໄຂແລ້ວ`,
          on: ago(85),
        },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2024-022',
      stage: Stage.Withdrawn,
      steps: [
        { ...APPLIED, on: ago(400) },
        { ...ACCEPTED, on: ago(390) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(376),
            conductedOn: ago(376),
            summary: 'Document review of the Hadxayfong office.',
          },
        },
        {
          audit: {
            type: AuditType.Stage2,
            plannedOn: ago(313),
            conductedOn: ago(312),
            summary: 'On-site audit; interviews with 7 returnees from Thailand and Korea.',
            findings: [
              {
                criterion: '5',
                severity: S.Minor,
                description:
                  'Complaints are recorded, but workers are not told the outcome or how to appeal.',
                evidence: `Complaint register ${yearOf(ago(376))}; interviews R2, R6.`,
                plan: 'Write to each complainant with the outcome within 30 days and explain the appeal to MoLSW.',
                status: FindingStatus.Closed,
              },
              {
                criterion: '3',
                severity: S.Observation,
                description: 'The Lao contract summary could state the probation period more clearly.',
                evidence: `Contract summary sheet, ${yearOf(ago(376))} edition.`,
                status: FindingStatus.Closed,
              },
            ],
          },
        },
        { to: Stage.Certified, reason: 'Minor finding closed after the stage-2 audit', on: ago(286) },
        {
          to: Stage.Withdrawn,
          reason: `Withdrawn at the agency’s request (letter of ${spelled(ago(27))}): it has stopped recruiting workers for employment abroad`,
          reasonLo: `ຖືກຖອນຕາມຄຳຮ້ອງຂໍຂອງບໍລິສັດຈັດຫາງານ (ໜັງສືລົງວັນທີ ${spelled(ago(27), 'lo')}): ບໍລິສັດໄດ້ຢຸດຈັດຫາແຮງງານໄປເຮັດວຽກຢູ່ຕ່າງປະເທດແລ້ວ`,
          on: ago(20),
        },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2022-005',
      stage: Stage.Expired,
      steps: [
        { ...APPLIED, on: ago(1380) },
        { ...ACCEPTED, on: ago(1370) },
        {
          audit: {
            type: AuditType.Stage1,
            plannedOn: ago(1356),
            conductedOn: ago(1356),
            summary: 'Document review of the Pakse office.',
          },
        },
        {
          audit: {
            type: AuditType.Stage2,
            plannedOn: ago(1321),
            conductedOn: ago(1321),
            summary: 'On-site audit; interviews with 9 workers deployed to Thailand.',
            findings: [
              {
                criterion: '3',
                severity: S.Minor,
                description:
                  'Two workers signed their contracts the day before departure, with no time to read them.',
                evidence: `Files W3, W8; departure lists, ${monthOf(ago(1350))}.`,
                plan: 'Contracts are signed at least 7 days before departure, after a reading session in Lao.',
                status: FindingStatus.Closed,
              },
            ],
          },
        },
        { to: Stage.Certified, reason: 'Stage-2 audit conducted; its minor finding closed', on: ago(1299) },
        {
          audit: {
            type: AuditType.Surveillance,
            plannedOn: ago(936),
            conductedOn: ago(936),
            summary: 'Surveillance audit; fee policy and contracts unchanged.',
            findings: [
              {
                criterion: 'A.3',
                severity: S.Observation,
                description: 'Proof of age is checked, but the copy is not always kept in the file.',
                evidence: 'Files W11, W14.',
                status: FindingStatus.Closed,
              },
            ],
          },
        },
        {
          audit: {
            type: AuditType.Surveillance,
            plannedOn: ago(572),
            conductedOn: ago(572),
            summary: 'Second surveillance audit; no findings. The agency did not apply for recertification.',
          },
        },
        { to: Stage.Expired },
      ],
    },
    {
      licenceNumber: 'MOLSW-RA-2024-018',
      stage: Stage.Closed,
      steps: [
        { ...APPLIED, by: 'ministry', on: ago(220) },
        {
          audit: {
            type: AuditType.PreAssessment,
            plannedOn: ago(201),
            conductedOn: ago(201),
            summary: 'Pre-assessment visit to the Bolikhan office.',
            findings: [
              {
                criterion: 'A.3',
                severity: S.Observation,
                description:
                  'Two registration files have no proof of age; the agency relies on jobseekers saying they are 18 or older.',
                evidence: `Files ${yearOf(ago(201))}/021 and ${yearOf(ago(201))}/034.`,
                status: FindingStatus.Open,
              },
            ],
          },
        },
        {
          to: Stage.Closed,
          by: 'ministry',
          reason: `Application rejected: the fee policy and personnel records requested in ${monthOf(ago(201))} were not sent; the agency may apply again`,
          on: ago(150),
        },
      ],
    },
  ];
}
