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
import { IrisCriterion } from '../reference/iris-criterion.entity';
import { User } from '../users/user.entity';
import { CertificationCase } from './certification-case.entity';
import { AuditType, FindingSeverity, FindingStatus } from './certification.enums';

/** An audit of a case against the IRIS Standard (docs/certification.md). */
@Entity('audits')
@Index('audit_case_idx', ['caseId', 'plannedOn'])
export class Audit {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audits_pkey' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CertificationCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'audit_case_fkey' })
  certificationCase?: CertificationCase;

  @Column({ type: 'enum', enum: AuditType, enumName: 'audit_type' })
  type: AuditType;

  @Column({ name: 'planned_on', type: 'date' })
  plannedOn: string;

  @Column({ name: 'conducted_on', type: 'date', nullable: true })
  conductedOn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'standard_version', type: 'varchar', length: 10, default: '1.2' })
  standardVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** The auditors who carry out an audit: some of the case's auditors. */
@Entity('audit_auditors')
@Index('audit_auditor_user_idx', ['userId'])
export class AuditAuditor {
  @PrimaryColumn({ name: 'audit_id', type: 'uuid', primaryKeyConstraintName: 'audit_auditors_pkey' })
  auditId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'audit_auditors_pkey' })
  userId: string;

  @ManyToOne(() => Audit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'audit_auditor_audit_fkey' })
  audit?: Audit;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'audit_auditor_user_fkey' })
  user?: User;
}

/** A non-conformity or observation raised at an audit (docs/certification.md). */
@Entity('findings')
@Index('finding_audit_idx', ['auditId', 'createdAt'])
@Index('finding_case_idx', ['caseId', 'status', 'dueOn'])
// "Needs attention" and the overdue reports look up findings not closed by due date.
@Index('finding_overdue_idx', ['dueOn'], { where: `status <> 'closed'` })
export class Finding {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'findings_pkey' })
  id: string;

  @Column({ name: 'audit_id', type: 'uuid' })
  auditId: string;

  @ManyToOne(() => Audit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'audit_id', foreignKeyConstraintName: 'finding_audit_fkey' })
  audit?: Audit;

  /** The audit's case, kept on the finding so the case's guards read its findings in one query. */
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CertificationCase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'finding_case_fkey' })
  certificationCase?: CertificationCase;

  @Column({ type: 'varchar', length: 12 })
  criterion: string;

  @ManyToOne(() => IrisCriterion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion', foreignKeyConstraintName: 'finding_criterion_fkey' })
  criterionRef?: IrisCriterion;

  @Column({ type: 'enum', enum: FindingSeverity, enumName: 'finding_severity' })
  severity: FindingSeverity;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'corrective_action_plan', type: 'text', nullable: true })
  correctiveActionPlan: string | null;

  @Column({ type: 'enum', enum: FindingStatus, enumName: 'finding_status', default: FindingStatus.Open })
  status: FindingStatus;

  /** The day an auditor closed it, after verifying the corrective action. */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /** The day the overdue-findings job recorded it as overdue (once, in the audit log); null until then. */
  @Column({ name: 'overdue_recorded_on', type: 'date', nullable: true })
  overdueRecordedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
