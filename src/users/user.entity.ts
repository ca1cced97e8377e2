import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Role } from '../common/role';

@Entity('users')
@Unique('user_email_key', ['email'])
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Argon2id, PHC string format. Never leaves the service. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The staff console's language for this user; Lao unless they chose English. */
  @Column({ type: 'enum', enum: ['lo', 'en'], enumName: 'user_language', default: 'lo' })
  language: 'lo' | 'en';

  /**
   * When the password last changed or the account was deactivated: sessions and tokens issued before
   * are no longer accepted.
   */
  @Column({ name: 'credentials_changed_at', type: 'timestamptz', default: () => 'now()' })
  credentialsChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
