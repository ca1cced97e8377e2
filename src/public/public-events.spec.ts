import { CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage as Stage } from '../common/certification-stage';
import { type HistoryRow, pageReason, publicCertificationStatus, publicEventOf } from './public-events';
import { PublicCertificationStatus as Badge, PublicEventKind as Kind } from './public-events.enums';

const row = (from: string | null, to: string, overrides: Partial<HistoryRow> = {}): HistoryRow => ({
  on: '2026-03-02',
  source: 'case',
  from,
  to,
  reason: 'an auditor’s note',
  reasonLo: 'ບັນທຶກຂອງຜູ້ກວດສອບ',
  certificateNumber: 'IRIS-LA-2026-0001',
  supersededBy: 'IRIS-LA-2026-0007',
  ...overrides,
});

describe('publicEventOf (the reason for a suspension or withdrawal is public, in Lao and English)', () => {
  it.each([
    [null, Stage.CapacityBuilding, Kind.JoinedProgramme, false],
    [Stage.CapacityBuilding, Stage.Applied, Kind.Applied, false],
    [Stage.Audit, Stage.Certified, Kind.Certified, false],
    [Stage.CorrectiveAction, Stage.Certified, Kind.Certified, false],
    [Stage.Certified, Stage.Suspended, Kind.Suspended, true],
    [Stage.Suspended, Stage.Certified, Kind.Reinstated, false],
    [Stage.Certified, Stage.Withdrawn, Kind.Withdrawn, true],
    [Stage.Suspended, Stage.Withdrawn, Kind.Withdrawn, true],
    [Stage.Certified, Stage.Expired, Kind.Expired, false],
    [Stage.Certified, Stage.Closed, Kind.Superseded, false],
    [Stage.Applied, Stage.Closed, Kind.CaseClosed, false],
  ])('%s → %s is public as %s, reasons public: %s', (from, to, kind, reasonPublic) => {
    expect(publicEventOf(row(from, to))).toMatchObject({
      kind,
      reason: reasonPublic ? 'an auditor’s note' : null,
      reasonLo: reasonPublic ? 'ບັນທຶກຂອງຜູ້ກວດສອບ' : null,
      on: '2026-03-02',
    });
  });

  it.each([
    [Stage.Applied, Stage.Audit],
    [Stage.Audit, Stage.CorrectiveAction],
    [Stage.CorrectiveAction, Stage.Audit],
  ])('keeps the audit steps %s → %s to the staff', (from, to) => {
    expect(publicEventOf(row(from, to))).toBeNull();
  });

  it('names the certificate of certification events only, and the successor of a superseded one', () => {
    expect(publicEventOf(row(Stage.Certified, Stage.Closed))).toMatchObject({
      certificateNumber: 'IRIS-LA-2026-0001',
      supersededBy: 'IRIS-LA-2026-0007',
    });
    expect(publicEventOf(row(Stage.Certified, Stage.Suspended))!.supersededBy).toBeNull();
    expect(publicEventOf(row(Stage.CapacityBuilding, Stage.Applied))!.certificateNumber).toBeNull();
  });

  it.each(['active', 'suspended', 'revoked', 'expired'])(
    'shows a licence change to %s without the ministry’s reason',
    (to) => {
      expect(publicEventOf(row('active', to, { source: 'licence' }))).toEqual({
        on: '2026-03-02',
        kind: `licence_${to}`,
        certificateNumber: null,
        reason: null,
        reasonLo: null,
        supersededBy: null,
      });
    },
  );
});

describe('pageReason: each page shows the reason in its own language', () => {
  it.each([
    ['lo', 'Fees charged', 'ເກັບຄ່າທຳນຽມ', { text: 'ເກັບຄ່າທຳນຽມ', lang: null }],
    ['en', 'Fees charged', 'ເກັບຄ່າທຳນຽມ', { text: 'Fees charged', lang: null }],
    ['lo', 'Fees charged', null, { text: 'Fees charged', lang: 'en' }],
    ['en', 'Fees charged', null, { text: 'Fees charged', lang: null }],
    ['en', null, 'ເກັບຄ່າທຳນຽມ', { text: 'ເກັບຄ່າທຳນຽມ', lang: 'lo' }],
    ['lo', null, null, null],
    ['en', null, null, null],
  ] as const)('a %s page, reasons %j / %j: %j', (lang, en, lo, shown) => {
    expect(pageReason(lang, en, lo)).toEqual(shown);
  });
});

describe('publicCertificationStatus (the badge)', () => {
  it.each([
    [CertificateStatus.Valid, Badge.Certified],
    [CertificateStatus.Suspended, Badge.Suspended],
    [CertificateStatus.Withdrawn, Badge.Withdrawn],
    [CertificateStatus.Expired, Badge.Expired],
    [CertificateStatus.Superseded, Badge.NotCertified],
    [null, Badge.NotCertified],
  ])('a latest certificate %s reads %s', (status, badge) => {
    expect(publicCertificationStatus(status)).toBe(badge);
  });
});
