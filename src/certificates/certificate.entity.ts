import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { CertificateStatus } from './certificate-status';

/** Every public key that has signed certificates; kept after a rotation so old certificates verify. */
@Entity('signing_keys')
export class SigningKey {
  @PrimaryColumn({
    name: 'key_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'signing_keys_pkey',
  })
  keyId: string;

  /** The public key as a JWK (`kty`, `crv`, `x`). */
  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An issued IRIS certificate (docs/certificates.md). What was signed and rendered never changes. */
@Entity('certificates')
@Index('certificate_year_sequence_key', ['year', 'sequence'], { unique: true })
@Index('certificate_case_key', ['caseId'], { unique: true })
@Index('certificate_pdf_sha256_key', ['pdfSha256'], { unique: true })
@Index('certificate_agency_idx', ['agencyId', 'issuedOn'])
@Index('certificate_status_idx', ['status', 'expiresOn'])
@Index('certificate_issued_idx', ['issuedOn', 'number'])
@Index('certificate_valid_agency_idx', ['agencyId', 'expiresOn'], { where: `status = 'valid'` })
export class Certificate {
  /** `IRIS-LA-YYYY-NNNN`. */
  @PrimaryColumn({ type: 'varchar', length: 20, primaryKeyConstraintName: 'certificates_pkey' })
  number: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'integer' })
  sequence: number;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  // Named, not imported: certification sits above certificates (docs/architecture.md).
  @ManyToOne('CertificationCase', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'certificate_case_fkey' })
  certificationCase?: object;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'certificate_agency_fkey' })
  agency?: Agency;

  @Column({ name: 'scope_lo', type: 'text' })
  scopeLo: string;

  @Column({ name: 'scope_en', type: 'text' })
  scopeEn: string;

  @Column({ name: 'standard_version', type: 'varchar', length: 40 })
  standardVersion: string;

  /** The first certification in an unbroken line of recertifications. */
  @Column({ name: 'original_issued_on', type: 'date' })
  originalIssuedOn: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  /** The first day the certificate is no longer valid. */
  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  @Column({
    type: 'enum',
    enum: CertificateStatus,
    enumName: 'certificate_status',
    default: CertificateStatus.Valid,
  })
  status: CertificateStatus;

  /** Public: why it is suspended, withdrawn, expired or superseded, in English. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  /** The same reason in Lao, when the auditor gave one (the service's own reasons are English only). */
  @Column({ name: 'status_reason_lo', type: 'text', nullable: true })
  statusReasonLo: string | null;

  @Column({ name: 'status_changed_on', type: 'date' })
  statusChangedOn: string;

  /** The recertification's certificate that replaced this one. */
  @Column({ name: 'superseded_by', type: 'varchar', length: 20, nullable: true })
  supersededBy: string | null;

  /** The RFC 7638 thumbprint of the key that signed `signedData` (`GET /public/keys`). */
  @Column({ name: 'key_id', type: 'varchar', length: 64 })
  keyId: string;

  @ManyToOne(() => SigningKey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'certificate_key_fkey' })
  signingKey?: SigningKey;

  /** The canonical JSON (RFC 8785) that was signed, byte for byte. */
  @Column({ name: 'signed_data', type: 'text' })
  signedData: string;

  /** Ed25519 signature of `signedData`, base64url. */
  @Column({ type: 'varchar', length: 100 })
  signature: string;

  /** The issued PDF; read only when served. */
  @Column({ type: 'bytea', select: false })
  pdf?: Buffer;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64 })
  pdfSha256: string;

  @Column({ name: 'pdf_bytes', type: 'integer' })
  pdfBytes: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The last number issued each year: one row per year, locked while a certificate is issued. */
@Entity('certificate_sequences')
export class CertificateSequence {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'certificate_sequences_pkey' })
  year: number;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence: number;
}
