import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Agency } from './agency.entity';
import { LicenceStatus } from './licence-status';

/** One row per licence status change, with its reason (docs/agencies.md). */
@Entity('agency_licence_status_changes')
@Index('licence_change_agency_idx', ['agencyId', 'changedAt'])
export class LicenceStatusChange {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'agency_licence_status_changes_pkey' })
  id: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'licence_change_agency_fkey' })
  agency?: Agency;

  @Column({ name: 'from_status', type: 'enum', enum: LicenceStatus, enumName: 'licence_status' })
  fromStatus: LicenceStatus;

  @Column({ name: 'to_status', type: 'enum', enum: LicenceStatus, enumName: 'licence_status' })
  toStatus: LicenceStatus;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  /** Null when the system made the change (the nightly expiry job, a renewal by date). */
  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
