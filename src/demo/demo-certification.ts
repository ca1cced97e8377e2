import { CertificationStage as Stage } from '../common/certification-stage';
import { AuditType, FindingSeverity as S, FindingStatus } from '../certification/certification.enums';

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
 * One step of a demo case, in order: a move (by the case's auditor unless `by` says ministry; `on` dates a
 * certification in the past, so its certificate carries that issue date and year; a suspension's or a
 * withdrawal's public reason in English and in Lao), or an audit with its findings.
 */
export type DemoStep =
  { to: Stage; reason?: string; reasonLo?: string; by?: 'ministry'; on?: string } | { audit: DemoAudit };

export interface DemoCase {
  licenceNumber: string;
  /** The stage the steps end in. */
  stage: Stage;
  steps: DemoStep[];
}

const APPLIED = { to: Stage.Applied, reason: 'Application received with the self-assessment report' };
const ACCEPTED = { to: Stage.Audit, reason: 'Application reviewed and accepted; audit team assigned' };

/** Cases at every stage for nine workshop agencies (all trained, with active licences). */
export const DEMO_CASES: DemoCase[] = [
  {
    licenceNumber: 'MOLSW-RA-2023-009',
    stage: Stage.CapacityBuilding,
    steps: [
      {
        audit: {
          type: AuditType.SelfAssessment,
          plannedOn: '2026-11-16',
          conductedOn: '2026-11-18',
          summary:
            'Self-assessment questionnaire returned after the Savannakhet gap-analysis session; the agency rates itself weakest on fees and written contracts.',
          findings: [
            {
              criterion: '1',
              severity: S.Observation,
              description:
                'The fee notice at the office still lists a "service fee" payable by jobseekers; the director says it is no longer charged.',
              evidence: 'Photograph of the notice board, 18 November 2026.',
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
          plannedOn: '2026-10-28',
          conductedOn: '2026-10-30',
          summary: 'Self-assessment against the IRIS Standard 1.2, reviewed with the compliance officer.',
          findings: [
            {
              criterion: '4',
              severity: S.Observation,
              description:
                "Copies of jobseekers' ID cards and passports are kept in an unlocked cabinet in the reception area.",
              evidence: 'Walk-through of the Thakhek office, 30 October 2026.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      { ...APPLIED, by: 'ministry' },
      { audit: { type: AuditType.Stage1, plannedOn: '2026-12-08' } },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2023-012',
    stage: Stage.Audit,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2026-09-21',
          conductedOn: '2026-09-22',
          summary:
            'Document review: licence, fee policy, contract templates for Japan and Korea, 15 personnel files.',
          findings: [
            {
              criterion: '3',
              severity: S.Minor,
              description:
                'Employment contracts for workers going to Japan are given in Japanese and English only; workers receive no Lao version before they sign.',
              evidence: 'Contract templates JP-2026-03 and JP-2026-07; files of workers W4, W9.',
              plan: 'Have both templates translated into Lao by a certified translator and give workers the Lao version at least 7 days before signing.',
              status: FindingStatus.ActionProposed,
            },
            {
              criterion: '5',
              severity: S.Observation,
              description:
                'The grievance hotline number is shown at the office but not in the pre-departure handbook workers take abroad.',
              evidence: 'Pre-departure handbook, 2026 edition.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      { audit: { type: AuditType.Stage2, plannedOn: '2026-12-03' } },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2024-016',
    stage: Stage.CorrectiveAction,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2026-06-15',
          conductedOn: '2026-06-16',
          summary: 'Document review of the Pakxan office; no findings, on-site audit scheduled.',
        },
      },
      {
        audit: {
          type: AuditType.Stage2,
          plannedOn: '2026-08-25',
          conductedOn: '2026-08-26',
          summary:
            'On-site audit in Pakxan; interviews with 12 workers deployed to the Republic of Korea in 2026 and their families.',
          findings: [
            {
              criterion: '1',
              severity: S.Major,
              description:
                'Nine of the twelve workers interviewed paid the agency a "processing fee" of 2,500,000 to 4,000,000 kip each; recruitment fees must be paid by the employer.',
              evidence: 'Interviews W1–W12 (26 August 2026); receipt book 2026/B, receipts 041–063.',
              dueOn: '2026-10-26',
              plan: 'Refund the nine workers in full through their families by 31 December 2026; remove the fee from the fee schedule; invoice employers for all recruitment costs.',
              status: FindingStatus.ActionProposed,
            },
            {
              criterion: '5',
              severity: S.Minor,
              description:
                'There is no written grievance procedure; complaints from workers abroad are taken by phone and not recorded.',
              evidence: 'Interview with the managing director; no complaint register exists.',
              dueOn: '2026-12-15',
              plan: 'Adopt a written grievance procedure with a complaint register, a Lao-language hotline and a 30-day response time; train all staff.',
              status: FindingStatus.ActionAccepted,
            },
            {
              criterion: '4',
              severity: S.Observation,
              description: "Workers' medical results are sent to employers by unencrypted e-mail.",
              evidence: 'Sent-mail folder of the recruitment officer, July–August 2026.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      { to: Stage.CorrectiveAction, reason: 'Stage-2 audit raised a major finding on recruitment fees' },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2023-007',
    stage: Stage.Certified,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2026-07-14',
          conductedOn: '2026-07-14',
          summary: 'Document review: fee policy, contracts for Thailand and Japan, data-protection policy.',
        },
      },
      {
        audit: {
          type: AuditType.Stage2,
          plannedOn: '2026-09-28',
          conductedOn: '2026-09-29',
          summary:
            'On-site audit in Xaythany; interviews with 10 workers awaiting deployment and 4 returnees from Thailand.',
          findings: [
            {
              criterion: '2',
              severity: S.Major,
              description:
                "Passports of three workers awaiting deployment to Thailand were kept in the agency's safe without their written consent.",
              evidence: 'Safe inventory, 29 September 2026; interviews W2, W5, W7.',
              dueOn: '2026-10-29',
              plan: 'Return the passports the same day; adopt a written policy that workers keep their own identity documents; brief all staff.',
              status: FindingStatus.Closed,
            },
            {
              criterion: '3',
              severity: S.Minor,
              description:
                'Contracts for Thailand are in Thai and English; the Lao summary sheet omits the overtime rate and deductions.',
              evidence: 'Contract template TH-2026-01 and its Lao summary sheet.',
              plan: 'Give workers the full contract in Lao, including overtime and deductions, from January 2027.',
              status: FindingStatus.ActionAccepted,
            },
            {
              criterion: '4',
              severity: S.Observation,
              description:
                'Files of jobseekers who never went abroad are kept indefinitely; no retention period is set.',
              evidence: 'Archive room, files from 2019–2023.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      { to: Stage.CorrectiveAction, reason: 'Stage-2 audit raised a major finding on withheld passports' },
      { to: Stage.Certified, reason: 'Passports returned and the new policy verified on site' },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2024-020',
    stage: Stage.Suspended,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2025-07-08',
          conductedOn: '2025-07-08',
          summary: 'Document review of the Xaysetha office.',
        },
      },
      {
        audit: {
          type: AuditType.Stage2,
          plannedOn: '2025-08-19',
          conductedOn: '2025-08-19',
          summary: 'On-site audit in Xaysetha; interviews with 8 workers bound for Korea and Japan.',
          findings: [
            {
              criterion: '4',
              severity: S.Minor,
              description:
                'Registration forms with ID numbers and family contacts are stored in an open shelf in the waiting room.',
              evidence: 'Walk-through, 19 August 2025.',
              plan: 'Move the files to a locked cabinet in the records room and keep an access list.',
              status: FindingStatus.Closed,
            },
          ],
        },
      },
      { to: Stage.Certified, reason: 'No open major finding; minor finding closed', on: '2025-09-01' },
      {
        audit: {
          type: AuditType.Surveillance,
          plannedOn: '2026-08-24',
          conductedOn: '2026-08-25',
          summary: 'First surveillance audit; interviews with 6 workers awaiting deployment to Japan.',
          findings: [
            {
              criterion: 'A.2',
              severity: S.Major,
              description:
                'The agency keeps the passports of eleven workers awaiting deployment and returns them only against a 1,500,000 kip "document fee".',
              evidence: 'Safe inventory, 25 August 2026; interviews W1–W6.',
              dueOn: '2026-10-24',
              status: FindingStatus.Open,
            },
            {
              criterion: '1',
              severity: S.Minor,
              description:
                'Workers were charged 300,000 kip each for the pre-departure orientation, a cost the employer must bear.',
              evidence: 'Receipts 2026/311–2026/316.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      {
        to: Stage.Suspended,
        reason:
          'Surveillance audit of 25 August 2026 found passports of workers awaiting deployment withheld by the agency; suspended until they are returned and the corrective action is verified',
        reasonLo:
          'ການກວດສອບຕິດຕາມ ວັນທີ 25 ສິງຫາ 2026 ພົບວ່າ ບໍລິສັດຈັດຫາງານຍຶດໜັງສືຜ່ານແດນຂອງແຮງງານທີ່ລໍຖ້າໄປເຮັດວຽກໄວ້; ໃບຢັ້ງຢືນຖືກໂຈະ ຈົນກວ່າຈະສົ່ງໜັງສືຜ່ານແດນຄືນ ແລະ ກວດສອບມາດຕະການແກ້ໄຂແລ້ວ',
      },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2024-022',
    stage: Stage.Withdrawn,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2025-11-18',
          conductedOn: '2025-11-18',
          summary: 'Document review of the Hadxayfong office.',
        },
      },
      {
        audit: {
          type: AuditType.Stage2,
          plannedOn: '2026-01-20',
          conductedOn: '2026-01-21',
          summary: 'On-site audit; interviews with 7 returnees from Thailand and Korea.',
          findings: [
            {
              criterion: '5',
              severity: S.Minor,
              description: 'Complaints are recorded, but workers are not told the outcome or how to appeal.',
              evidence: 'Complaint register 2025; interviews R2, R6.',
              plan: 'Write to each complainant with the outcome within 30 days and explain the appeal to MoLSW.',
              status: FindingStatus.Closed,
            },
            {
              criterion: '3',
              severity: S.Observation,
              description: 'The Lao contract summary could state the probation period more clearly.',
              evidence: 'Contract summary sheet, 2025 edition.',
              status: FindingStatus.Closed,
            },
          ],
        },
      },
      { to: Stage.Certified, reason: 'Minor finding closed after the stage-2 audit', on: '2026-02-16' },
      {
        to: Stage.Withdrawn,
        reason:
          'Withdrawn at the agency’s request (letter of 2 November 2026): it has stopped recruiting workers for employment abroad',
        reasonLo:
          'ຖືກຖອນຕາມຄຳຮ້ອງຂໍຂອງບໍລິສັດຈັດຫາງານ (ໜັງສືລົງວັນທີ 2 ພະຈິກ 2026): ບໍລິສັດໄດ້ຢຸດຈັດຫາແຮງງານໄປເຮັດວຽກຢູ່ຕ່າງປະເທດແລ້ວ',
      },
    ],
  },
  {
    licenceNumber: 'MOLSW-RA-2022-005',
    stage: Stage.Expired,
    steps: [
      APPLIED,
      ACCEPTED,
      {
        audit: {
          type: AuditType.Stage1,
          plannedOn: '2023-03-14',
          conductedOn: '2023-03-14',
          summary: 'Document review of the Pakse office.',
        },
      },
      {
        audit: {
          type: AuditType.Stage2,
          plannedOn: '2023-04-18',
          conductedOn: '2023-04-18',
          summary: 'On-site audit; interviews with 9 workers deployed to Thailand.',
          findings: [
            {
              criterion: '3',
              severity: S.Minor,
              description:
                'Two workers signed their contracts the day before departure, with no time to read them.',
              evidence: 'Files W3, W8; departure lists, March 2023.',
              plan: 'Contracts are signed at least 7 days before departure, after a reading session in Lao.',
              status: FindingStatus.Closed,
            },
          ],
        },
      },
      { to: Stage.Certified, reason: 'Stage-2 audit conducted; its minor finding closed', on: '2023-05-10' },
      {
        audit: {
          type: AuditType.Surveillance,
          plannedOn: '2024-05-07',
          conductedOn: '2024-05-07',
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
          plannedOn: '2025-05-06',
          conductedOn: '2025-05-06',
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
      { ...APPLIED, by: 'ministry' },
      {
        audit: {
          type: AuditType.PreAssessment,
          plannedOn: '2026-05-12',
          conductedOn: '2026-05-12',
          summary: 'Pre-assessment visit to the Bolikhan office.',
          findings: [
            {
              criterion: 'A.3',
              severity: S.Observation,
              description:
                'Two registration files have no proof of age; the agency relies on jobseekers saying they are 18 or older.',
              evidence: 'Files 2026/021 and 2026/034.',
              status: FindingStatus.Open,
            },
          ],
        },
      },
      {
        to: Stage.Closed,
        by: 'ministry',
        reason:
          'Application rejected: the fee policy and personnel records requested in May 2026 were not sent; the agency may apply again',
      },
    ],
  },
];
