import { CertificateStatus } from '../certificates/certificate-status';
import { certificateEventFor } from '../certification/certificate-events';
import { CertificationStage as Stage } from '../common/certification-stage';
import type { Language } from '../common/i18n';
import { PublicCertificationStatus, PublicEventKind } from './public-events.enums';
import type { PublicAgencyEventDto } from './public.dto';

/** One row of an agency's history as stored: a case move or a licence change. */
export interface HistoryRow {
  on: string;
  source: 'case' | 'licence';
  from: string | null;
  to: string;
  reason: string | null;
  reasonLo: string | null;
  certificateNumber: string | null;
  supersededBy: string | null;
}

const CERTIFICATE_EVENT_KIND = {
  issued: PublicEventKind.Certified,
  reinstated: PublicEventKind.Reinstated,
  suspended: PublicEventKind.Suspended,
  withdrawn: PublicEventKind.Withdrawn,
  expired: PublicEventKind.Expired,
  superseded: PublicEventKind.Superseded,
} as const;

/**
 * What the public sees of a history row, or null for the steps of an audit. Only a suspension's or a
 * withdrawal's reason is public; a rejected application or a licence decision keeps its own.
 */
export function publicEventOf(row: HistoryRow): PublicAgencyEventDto | null {
  const event = { on: row.on, certificateNumber: null, reason: null, reasonLo: null, supersededBy: null };
  if (row.source === 'licence') return { ...event, kind: `licence_${row.to}` as PublicEventKind };
  if (row.from === null) return { ...event, kind: PublicEventKind.JoinedProgramme };
  if (row.to === Stage.Applied) return { ...event, kind: PublicEventKind.Applied };
  const certificateEvent = certificateEventFor(row.from as Stage, row.to as Stage);
  if (certificateEvent) {
    const kind = CERTIFICATE_EVENT_KIND[certificateEvent];
    const publicReason = kind === PublicEventKind.Suspended || kind === PublicEventKind.Withdrawn;
    return {
      ...event,
      kind,
      certificateNumber: row.certificateNumber,
      reason: publicReason ? row.reason : null,
      reasonLo: publicReason ? row.reasonLo : null,
      supersededBy: kind === PublicEventKind.Superseded ? row.supersededBy : null,
    };
  }
  return row.to === Stage.Closed ? { ...event, kind: PublicEventKind.CaseClosed } : null;
}

/** The badge: the status of the agency's latest certificate as it reads today (effectiveCertificateStatus). */
export function publicCertificationStatus(status: CertificateStatus | null): PublicCertificationStatus {
  switch (status) {
    case CertificateStatus.Valid:
      return PublicCertificationStatus.Certified;
    case CertificateStatus.Suspended:
      return PublicCertificationStatus.Suspended;
    case CertificateStatus.Withdrawn:
      return PublicCertificationStatus.Withdrawn;
    case CertificateStatus.Expired:
      return PublicCertificationStatus.Expired;
    default:
      // None, or superseded (a newer certificate exists, so the latest is never this one).
      return PublicCertificationStatus.NotCertified;
  }
}

/**
 * The public reason as a page in `lang` shows it: the Lao text on a Lao page, the English one on an
 * English page; a Lao page falls back to the English text, marked `lang="en"` (`lang` here is the
 * attribute the text needs, null when it is the page's own language). Null when there is no reason.
 */
export function pageReason(
  lang: Language,
  en: string | null,
  lo: string | null,
): { text: string; lang: Language | null } | null {
  if (lang === 'lo' && lo) return { text: lo, lang: null };
  if (!en) return lo ? { text: lo, lang: 'lo' } : null;
  return { text: en, lang: lang === 'en' ? null : 'en' };
}
