import { CertificateStatus, effectiveCertificateStatus } from './certificate-status';

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
