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
import { Province } from '../reference/province.entity';
import { User } from '../users/user.entity';
import { TrainingKind } from './training.enums';

/** An IRIS workshop (docs/trainings.md). */
@Entity('trainings')
@Index('training_province_idx', ['province'])
@Index('training_starts_on_idx', ['startsOn'])
export class Training {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'trainings_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** The title in Lao, when the organisers gave one. */
  @Column({ name: 'title_lo', type: 'varchar', length: 300, nullable: true })
  titleLo: string | null;

  @Column({ type: 'varchar', length: 300 })
  venue: string;

  @Column({ type: 'varchar', length: 6 })
  province: string;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'province', foreignKeyConstraintName: 'training_province_fkey' })
  provinceRef?: Province;

  @Column({ type: 'varchar', length: 200 })
  organiser: string;

  @Column({ name: 'funding_programme', type: 'varchar', length: 200, nullable: true })
  fundingProgramme: string | null;

  @Column({
    type: 'enum',
    enum: TrainingKind,
    enumName: 'training_kind',
    default: TrainingKind.IrisAwareness,
  })
  kind: TrainingKind;

  /** The first day, kept with the days for sorting and date filters. */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** One row per day of a training. */
@Entity('training_days')
export class TrainingDay {
  @PrimaryColumn({ name: 'training_id', type: 'uuid', primaryKeyConstraintName: 'training_days_pkey' })
  trainingId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'training_days_pkey' })
  day: string;

  @ManyToOne(() => Training, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'training_id', foreignKeyConstraintName: 'training_day_training_fkey' })
  training?: Training;
}

/** The trainers assigned to a training: they, and IOM staff, may record it. */
@Entity('training_trainers')
@Index('training_trainer_user_idx', ['userId'])
export class TrainingTrainer {
  @PrimaryColumn({ name: 'training_id', type: 'uuid', primaryKeyConstraintName: 'training_trainers_pkey' })
  trainingId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'training_trainers_pkey' })
  userId: string;

  @ManyToOne(() => Training, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'training_id', foreignKeyConstraintName: 'training_trainer_training_fkey' })
  training?: Training;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'training_trainer_user_fkey' })
  user?: User;
}
