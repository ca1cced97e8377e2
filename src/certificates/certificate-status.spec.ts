import { CertificationStage as Stage } from '../certification/certification-stage.enum';
import { TRANSITIONS } from '../certification/stages';
import { certificateEventFor, CertificateStatus, effectiveCertificateStatus } from './certificate-status';

describe('the certificate follows its case', () => {
  it.each([
    [Stage.Audit, Stage.Certified, 'issued'],
    [Stage.CorrectiveAction, Stage.Certified, 'issued'],
    [Stage.Suspended, Stage.Certified, 'reinstated'],
    [Stage.Certified, Stage.Suspended, 'suspended'],
    [Stage.Certified, Stage.Withdrawn, 'withdrawn'],
    [Stage.Suspended, Stage.Withdrawn, 'withdrawn'],
    [Stage.Certified, Stage.Expired, 'expired'],
    [Stage.Certified, Stage.Closed, 'superseded'],
    [Stage.Suspended, Stage.Closed, 'superseded'],
  ])('%s → %s: the certificate is %s', (from, to, event) => {
    expect(certificateEventFor(from, to)).toBe(event);
  });

  it('leaves the certificate alone for every move before certification', () => {
    const before = [Stage.CapacityBuilding, Stage.Applied, Stage.Audit, Stage.CorrectiveAction];
    for (const from of before) {
      for (const to of TRANSITIONS[from].filter((s) => s !== Stage.Certified)) {
        expect({ from, to, event: certificateEventFor(from, to) }).toEqual({ from, to, event: null });
      }
    }
  });
});

describe('effectiveCertificateStatus', () => {
  it.each([
    [CertificateStatus.Valid, '2029-11-24', '2029-11-23', CertificateStatus.Valid], // its last valid day
    [CertificateStatus.Valid, '2029-11-24', '2029-11-24', CertificateStatus.Expired], // its expiry date
    [CertificateStatus.Valid, '2029-11-24', '2030-01-01', CertificateStatus.Expired],
    [CertificateStatus.Suspended, '2029-11-24', '2029-11-23', CertificateStatus.Suspended],
    [CertificateStatus.Suspended, '2029-11-24', '2029-11-24', CertificateStatus.Expired],
    [CertificateStatus.Withdrawn, '2029-11-24', '2030-01-01', CertificateStatus.Withdrawn],
    [CertificateStatus.Superseded, '2029-11-24', '2030-01-01', CertificateStatus.Superseded],
  ])('%s, expiring %s, reads on %s as %s', (stored, expiresOn, today, expected) => {
    expect(effectiveCertificateStatus(stored, expiresOn, today)).toBe(expected);
  });
});
