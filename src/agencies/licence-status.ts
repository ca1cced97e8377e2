/** docs/agencies.md: licences are never deleted; a revoked licence is a status. */
export enum LicenceStatus {
  Active = 'active',
  Suspended = 'suspended',
  Revoked = 'revoked',
  Expired = 'expired',
}

/** An active licence past its expiry date reads as expired, before the nightly job records it. */
export function effectiveLicenceStatus(
  stored: LicenceStatus,
  expiresOn: string,
  today: string,
): LicenceStatus {
  return stored === LicenceStatus.Active && expiresOn < today ? LicenceStatus.Expired : stored;
}

/** Moving the expiry date of an expired licence to today or later renews it: it is active again. */
export function renewsLicence(stored: LicenceStatus, expiresOn: string, today: string): boolean {
  return stored === LicenceStatus.Expired && expiresOn >= today;
}

/** The licence history's reason for a renewal. */
export const renewalReason = (expiresOn: string) => `Licence renewed until ${expiresOn}`;

/**
 * Why a licence status change is not allowed, or null when it is. Revocation is final (a new licence
 * is a new licence number); a licence can only be active while its expiry date has not passed.
 */
export function licenceChangeRefusal(
  current: LicenceStatus,
  next: LicenceStatus,
  expiresOn: string,
  today: string,
): string | null {
  if (current === next) return `The licence is ${current} already.`;
  if (current === LicenceStatus.Revoked)
    return 'A revoked licence cannot change status; a new licence needs a new licence number.';
  if (next === LicenceStatus.Active && expiresOn < today) {
    return `The licence expired on ${expiresOn}: set a new expiry date (PATCH licenceExpiresOn) to renew it.`;
  }
  if (next === LicenceStatus.Expired && expiresOn >= today) return `The licence is valid until ${expiresOn}.`;
  return null;
}

/** The licence cannot expire before it was issued (also a CHECK constraint in the database). */
export function licenceDatesRefusal(issuedOn: string, expiresOn: string): string | null {
  return expiresOn < issuedOn ? `licenceExpiresOn must be on or after licenceIssuedOn (${issuedOn})` : null;
}
