/** docs/certificates.md: the status anyone can read, with its public reason. */
export enum CertificateStatus {
  Valid = 'valid',
  Suspended = 'suspended',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
  Superseded = 'superseded',
}

/** What happens to a certificate; its case's moves decide when (certification/certificate-events.ts). */
export type CertificateEvent = 'issued' | 'reinstated' | 'suspended' | 'withdrawn' | 'expired' | 'superseded';

export const STATUS_AFTER: Record<Exclude<CertificateEvent, 'issued'>, CertificateStatus> = {
  reinstated: CertificateStatus.Valid,
  suspended: CertificateStatus.Suspended,
  withdrawn: CertificateStatus.Withdrawn,
  expired: CertificateStatus.Expired,
  superseded: CertificateStatus.Superseded,
};

/**
 * The status as of `today`: a valid certificate whose expiry date has come reads as expired at once,
 * before the nightly job records it; so does a suspended one (it can no longer be reinstated).
 * `expiresOn` is the first day it is no longer valid.
 */
export function effectiveCertificateStatus(
  stored: CertificateStatus,
  expiresOn: string,
  today: string,
): CertificateStatus {
  const lapses = stored === CertificateStatus.Valid || stored === CertificateStatus.Suspended;
  return lapses && expiresOn <= today ? CertificateStatus.Expired : stored;
}
