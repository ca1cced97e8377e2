import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sheet uploaded in the console and previewed, kept until the person confirms the import (or for an
 * hour): the preview and the import then read the very same bytes.
 */
@Entity('console_uploads')
export class StagedUpload {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'console_uploads_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** What the file is for: `agencies`, `attendance:<training id>`. */
  @Column({ type: 'varchar', length: 80 })
  purpose: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @Index('console_uploads_created_at_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
