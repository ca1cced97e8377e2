// The public statuses and events as plain enums, apart from the DTOs: the pure rules of public-events.ts
// (and their unit specs) use them without loading Swagger.

/** What a worker needs to know at a glance: does this agency hold a valid IRIS certificate? */
export enum PublicCertificationStatus {
  Certified = 'certified',
  Suspended = 'suspended',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
  NotCertified = 'not_certified',
}

/** The public events of an agency's history; reasons are public only for suspension and withdrawal. */
export enum PublicEventKind {
  JoinedProgramme = 'joined_programme',
  Applied = 'applied',
  Certified = 'certified',
  Suspended = 'suspended',
  Reinstated = 'reinstated',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
  Superseded = 'superseded',
  CaseClosed = 'case_closed',
  LicenceActive = 'licence_active',
  LicenceSuspended = 'licence_suspended',
  LicenceRevoked = 'licence_revoked',
  LicenceExpired = 'licence_expired',
}
