import type { CertificateEvent } from '../certificates/certificate-status';
import { CertificationStage as Stage } from '../common/certification-stage';

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
