import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

export enum JobRunStatus {
  Running = 'running',
  Succeeded = 'succeeded',
  Failed = 'failed',
  Skipped = 'skipped',
}

export enum JobTrigger {
  Schedule = 'schedule',
  Manual = 'manual',
}

/** One run of a scheduled job: when, why, what it changed. Scheduled runs claim their day (`slot`) once. */
@Entity('job_runs')
@Index('job_run_slot_key', ['job', 'slot'], { unique: true, where: 'slot IS NOT NULL' })
@Index('job_run_job_idx', ['job', 'startedAt'])
export class JobRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'job_runs_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 60 })
  job: string;

  /** The Lao day a scheduled run is for; null for a run an admin asked for. */
  @Column({ type: 'date', nullable: true })
  slot: string | null;

  @Column({ type: 'enum', enum: JobTrigger, enumName: 'job_trigger' })
  trigger: JobTrigger;

  /** The admin who asked for it; null when scheduled. */
  @Column({ name: 'triggered_by', type: 'uuid', nullable: true })
  triggeredBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'triggered_by', foreignKeyConstraintName: 'job_run_triggered_by_fkey' })
  triggeredByUser?: User;

  @Column({ type: 'enum', enum: JobRunStatus, enumName: 'job_run_status' })
  status: JobRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** How many records it changed. */
  @Column({ type: 'integer', default: 0 })
  changed: number;

  /** What it changed (ids or numbers, at most 100) or why it was skipped. */
  @Column({ type: 'jsonb', nullable: true })
  details: { items?: string[]; note?: string } | null;

  /** Why it failed (the error's message; the stack is in the log). */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
