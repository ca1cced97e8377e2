import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { User } from '../users/user.entity';
import { CertificationStage } from '../common/certification-stage';

/** One agency's path to an IRIS certificate (docs/certification.md). */
@Entity('certification_cases')
@Index('certification_case_agency_idx', ['agencyId', 'openedAt'])
@Index('certification_case_stage_idx', ['stage', 'openedAt'])
// At most one undecided case per agency, and one holding a certificate: the database enforces both.
@Index('certification_case_open_agency_key', ['agencyId'], {
  unique: true,
  where: `stage IN ('capacity_building', 'applied', 'audit', 'corrective_action')`,
})
@Index('certification_case_certified_agency_key', ['agencyId'], {
  unique: true,
  where: `stage IN ('certified', 'suspended')`,
})
@Index('certification_case_surveillance_idx', ['nextSurveillanceOn'], { where: `stage = 'certified'` })
export class CertificationCase {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'certification_cases_pkey' })
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'certification_case_agency_fkey' })
  agency?: Agency;

  @Column({
    type: 'enum',
    enum: CertificationStage,
    enumName: 'certification_stage',
    default: CertificationStage.CapacityBuilding,
  })
  stage: CertificationStage;

  /** The public reason of the last suspension or withdrawal, in English (that reason is public). */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** The same reason in Lao; null when none was given (the Lao pages then show the English one). */
  @Column({ name: 'status_reason_lo', type: 'text', nullable: true })
  statusReasonLo: string | null;

  /** The day the case was first certified; the certificate's validity counts from it. */
  @Column({ name: 'certified_on', type: 'date', nullable: true })
  certifiedOn: string | null;

  /** The day the certificate expires, the first day it is not valid (VALIDITY_YEARS after certification). */
  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  /** When the next surveillance audit is due: SURVEILLANCE_MONTHS after certification or the last one. */
  @Column({ name: 'next_surveillance_on', type: 'date', nullable: true })
  nextSurveillanceOn: string | null;

  /** The surveillance due date the surveillance-due job last recorded as coming up (once per due date). */
  @Column({ name: 'surveillance_reminded_for', type: 'date', nullable: true })
  surveillanceRemindedFor: string | null;

  /** The surveillance due date the surveillance-due job last recorded as overdue (once per due date). */
  @Column({ name: 'surveillance_overdue_recorded_for', type: 'date', nullable: true })
  surveillanceOverdueRecordedFor: string | null;

  /** The certificate issued when the case was certified (issued by the certificates feature). */
  @Column({ name: 'certificate_number', type: 'varchar', length: 20, nullable: true })
  certificateNumber: string | null;

  @Column({ name: 'stage_changed_at', type: 'timestamptz', default: () => 'now()' })
  stageChangedAt: Date;

  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** The auditors assigned to a case: they (and admins) act on it (docs/roles.md). */
@Entity('certification_case_auditors')
@Index('certification_case_auditor_user_idx', ['userId'])
export class CaseAuditor {
  @PrimaryColumn({
    name: 'case_id',
    type: 'uuid',
    primaryKeyConstraintName: 'certification_case_auditors_pkey',
  })
  caseId: string;

  @PrimaryColumn({
    name: 'user_id',
    type: 'uuid',
    primaryKeyConstraintName: 'certification_case_auditors_pkey',
  })
  userId: string;

  @ManyToOne(() => CertificationCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'certification_case_auditor_case_fkey' })
  certificationCase?: CertificationCase;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'certification_case_auditor_user_fkey' })
  user?: User;
}

/** One move of a case: who, when, from, to and why. Append-only. */
@Entity('certification_transitions')
@Index('certification_transition_case_idx', ['caseId', 'at'])
export class CaseTransition {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'certification_transitions_pkey',
  })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CertificationCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'certification_transition_case_fkey' })
  certificationCase?: CertificationCase;

  @Column({
    name: 'from_stage',
    type: 'enum',
    enum: CertificationStage,
    enumName: 'certification_stage',
    nullable: true,
  })
  from: CertificationStage | null;

  @Column({ name: 'to_stage', type: 'enum', enum: CertificationStage, enumName: 'certification_stage' })
  to: CertificationStage;

  /** Why, in English. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Why, in Lao, when given. */
  @Column({ name: 'reason_lo', type: 'text', nullable: true })
  reasonLo: string | null;

  /** Null when the service moved the case itself (expiry, supersession). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'certification_transition_actor_fkey' })
  actor?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
