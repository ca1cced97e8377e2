import { CertificationStage as Stage } from '../certification/certification-stage.enum';

/** docs/certificates.md: the status anyone can read, with its public reason. */
export enum CertificateStatus {
  Valid = 'valid',
  Suspended = 'suspended',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
  Superseded = 'superseded',
}

/** What happens to a case's certificate when the case moves; null when the move leaves it alone. */
export type CertificateEvent = 'issued' | 'reinstated' | 'suspended' | 'withdrawn' | 'expired' | 'superseded';

/** The certificate follows its case (docs/certificates.md). Pure. */
export function certificateEventFor(from: Stage, to: Stage): CertificateEvent | null {
  if (to === Stage.Certified) return from === Stage.Suspended ? 'reinstated' : 'issued';
  if (from !== Stage.Certified && from !== Stage.Suspended) return null;
  switch (to) {
    case Stage.Suspended:
      return 'suspended';
    case Stage.Withdrawn:
      return 'withdrawn';
    case Stage.Expired:
      return 'expired';
    // The only way out of certified/suspended to closed is a recertification ending the older case.
    case Stage.Closed:
      return 'superseded';
    default:
      return null;
  }
}

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
