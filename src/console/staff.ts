import type { Actor } from '../common/auth.decorators';

export const STAFF_ROLES = 'staff:roles';
export const STAFF_ANONYMOUS = 'staff:anonymous';

/** A signed-in person in the console: the services' actor, and the language they read. */
export interface Staff extends Actor {
  language: 'lo' | 'en';
}

/** Not signed in, or no longer: the page sends the person to sign in, then back to `next`. */
export class StaffSignInRequired extends Error {
  constructor(
    readonly next: string,
    readonly reason: 'signedOut' | 'expired' | 'ended' = 'signedOut',
  ) {
    super('Sign in to the staff console');
  }
}

/** A form whose CSRF token is missing or not this session's: forged, or from an ended session. */
export class StaleFormError extends Error {}
