/** docs/certification.md: the kinds of audit in the IRIS scheme and the ISO/IEC 17021-1 lifecycle. */
export enum AuditType {
  SelfAssessment = 'self_assessment',
  PreAssessment = 'pre_assessment',
  Stage1 = 'stage1',
  Stage2 = 'stage2',
  Surveillance = 'surveillance',
  Recertification = 'recertification',
  Special = 'special',
}

/** A finding's severity (docs/certification.md). */
export enum FindingSeverity {
  Major = 'major',
  Minor = 'minor',
  Observation = 'observation',
}

/** docs/certification.md, Findings: open → action_proposed → action_accepted → closed. */
export enum FindingStatus {
  Open = 'open',
  ActionProposed = 'action_proposed',
  ActionAccepted = 'action_accepted',
  Closed = 'closed',
}
