/** docs/certification.md: the stages of one agency's path to an IRIS certificate. */
export enum CertificationStage {
  CapacityBuilding = 'capacity_building',
  Applied = 'applied',
  Audit = 'audit',
  CorrectiveAction = 'corrective_action',
  Certified = 'certified',
  Suspended = 'suspended',
  Withdrawn = 'withdrawn',
  Expired = 'expired',
  Closed = 'closed',
}
