import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The IRIS Standard's principles (code "A", "1", …, principle = itself) and criteria ("A.1", principle "A"),
 * so a finding can name either (docs/certification.md).
 */
@Entity('iris_criteria')
@Index('iris_criteria_principle_idx', ['principle', 'code'])
export class IrisCriterion {
  @PrimaryColumn({ type: 'varchar', length: 12, primaryKeyConstraintName: 'iris_criteria_pkey' })
  code: string;

  @Column({ type: 'varchar', length: 2 })
  principle: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'standard_version', type: 'varchar', length: 10, default: '1.2' })
  standardVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
