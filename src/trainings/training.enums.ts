/** A participant's sex (docs/trainings.md). */
export enum Sex {
  Female = 'female',
  Male = 'male',
  Other = 'other',
}

/** docs/trainings.md, Attendance: one mark per participant per day. */
export enum AttendanceStatus {
  Present = 'present',
  Late = 'late',
  Excused = 'excused',
  Absent = 'absent',
}

/** IRIS awareness training, the IRIS capacity-building levels, or something else (not an IRIS training). */
export enum TrainingKind {
  IrisAwareness = 'iris_awareness',
  GapAnalysis = 'gap_analysis',
  SystemDesign = 'system_design',
  SystemValidation = 'system_validation',
  Other = 'other',
}
