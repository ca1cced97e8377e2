import { CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage as Stage } from '../certification/certification-stage.enum';
import { pageLanguage } from './page-renderer';
import { type HistoryRow, publicCertificationStatus, publicEventOf } from './public-events';
import { PublicCertificationStatus as Badge, PublicEventKind as Kind } from './public.dto';

const row = (from: string | null, to: string, overrides: Partial<HistoryRow> = {}): HistoryRow => ({
  on: '2026-03-02',
  source: 'case',
  from,
  to,
  reason: 'an auditor’s note',
  certificateNumber: 'IRIS-LA-2026-0001',
  supersededBy: 'IRIS-LA-2026-0007',
  ...overrides,
});

describe('publicEventOf (the reason for a suspension or withdrawal is public)', () => {
  it.each([
    [null, Stage.CapacityBuilding, Kind.JoinedProgramme, null],
    [Stage.CapacityBuilding, Stage.Applied, Kind.Applied, null],
    [Stage.Audit, Stage.Certified, Kind.Certified, null],
    [Stage.CorrectiveAction, Stage.Certified, Kind.Certified, null],
    [Stage.Certified, Stage.Suspended, Kind.Suspended, 'an auditor’s note'],
    [Stage.Suspended, Stage.Certified, Kind.Reinstated, null],
    [Stage.Certified, Stage.Withdrawn, Kind.Withdrawn, 'an auditor’s note'],
    [Stage.Suspended, Stage.Withdrawn, Kind.Withdrawn, 'an auditor’s note'],
    [Stage.Certified, Stage.Expired, Kind.Expired, null],
    [Stage.Certified, Stage.Closed, Kind.Superseded, null],
    [Stage.Applied, Stage.Closed, Kind.CaseClosed, null],
  ])('%s → %s is public as %s, reason %s', (from, to, kind, reason) => {
    expect(publicEventOf(row(from, to))).toMatchObject({ kind, reason, on: '2026-03-02' });
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
        supersededBy: null,
      });
    },
  );
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

describe('pageLanguage', () => {
  it.each([
    ['en', 'lo', 'en'],
    ['lo', 'en-US', 'lo'],
    [undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, 'th-TH,en;q=0.5,lo;q=0.8', 'lo'],
    [undefined, 'fr-FR', 'lo'],
    [undefined, undefined, 'lo'],
    ['xx', 'en', 'en'],
  ])('?lang=%s with Accept-Language %s is %s', (query, header, lang) => {
    expect(pageLanguage(query, header)).toBe(lang);
  });
});
