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
} from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { AttendanceStatus, Sex } from './training.enums';
import { Training } from './training.entity';

/** A person attending a training. Name, phone and e-mail are personal data: staff only, never logged. */
@Entity('participants')
@Index('participant_training_idx', ['trainingId', 'fullName'])
@Index('participant_agency_idx', ['agencyId'])
@Index('participant_identity_key', ['trainingId', 'agencyId', 'nameKey'], { unique: true })
export class Participant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'participants_pkey' })
  id: string;

  @Column({ name: 'training_id', type: 'uuid' })
  trainingId: string;

  @ManyToOne(() => Training, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'training_id', foreignKeyConstraintName: 'participant_training_fkey' })
  training?: Training;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName: string;

  /** participantNameKey(fullName): one participant per name and agency in a training. */
  @Column({ name: 'name_key', type: 'text' })
  nameKey: string;

  @Column({ type: 'enum', enum: Sex, enumName: 'sex' })
  sex: Sex;

  @Column({ type: 'varchar', length: 200 })
  position: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'participant_agency_fkey' })
  agency?: Agency;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One mark per participant per day, with who took it and when. */
@Entity('attendance_marks')
export class AttendanceMark {
  @PrimaryColumn({ name: 'participant_id', type: 'uuid', primaryKeyConstraintName: 'attendance_marks_pkey' })
  participantId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'attendance_marks_pkey' })
  day: string;

  @ManyToOne(() => Participant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'attendance_participant_fkey' })
  participant?: Participant;

  @Column({ type: 'enum', enum: AttendanceStatus, enumName: 'attendance_status' })
  status: AttendanceStatus;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
