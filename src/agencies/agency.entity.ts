import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Province } from '../reference/province.entity';
import { CertificationStage } from '../common/certification-stage';
import { LicenceStatus } from './licence-status';

/** A licensed recruitment agency (docs/agencies.md). Never deleted: a revoked licence is a status. */
@Entity('agencies')
@Unique('agency_licence_number_key', ['licenceNumber'])
@Check('agency_licence_dates_check', `"licence_expires_on" >= "licence_issued_on"`)
@Index('agency_province_name_idx', ['province', 'nameEn'])
@Index('agency_status_expiry_idx', ['licenceStatus', 'licenceExpiresOn'])
@Index('agency_expiry_idx', ['licenceExpiresOn'])
@Index('agency_name_en_idx', ['nameEn'])
@Index('agency_certification_stage_idx', ['certificationStage'])
// A GIN index on destination_countries and GiST and GIN trigram indexes on search_text exist
// too (see the migration); TypeORM cannot describe them, so it is told to leave them alone.
@Index('agency_destinations_idx', { synchronize: false })
@Index('agency_search_trgm_idx', { synchronize: false })
@Index('agency_search_gin_idx', { synchronize: false })
export class Agency {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'agencies_pkey' })
  id: string;

  @Column({ name: 'licence_number', type: 'varchar', length: 40 })
  licenceNumber: string;

  @Column({ name: 'name_lo', type: 'varchar', length: 200 })
  nameLo: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ name: 'licence_issued_on', type: 'date' })
  licenceIssuedOn: string;

  @Column({ name: 'licence_expires_on', type: 'date' })
  licenceExpiresOn: string;

  /** As recorded; read it through effectiveLicenceStatus(), which also knows about expiry. */
  @Column({
    name: 'licence_status',
    type: 'enum',
    enum: LicenceStatus,
    enumName: 'licence_status',
    default: 'active',
  })
  licenceStatus: LicenceStatus;

  /** ISO 3166-2 code of a province (provinces.code). */
  @Column({ type: 'varchar', length: 6 })
  province: string;

  @ManyToOne(() => Province, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'province', foreignKeyConstraintName: 'agency_province_fkey' })
  provinceRef?: Province;

  @Column({ type: 'varchar', length: 100, nullable: true })
  district: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** As normalised on the way in: international format, e.g. "+856 21 415 678". */
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** ISO 3166-1 alpha-2 codes. */
  @Column({ name: 'destination_countries', type: 'varchar', length: 2, array: true, default: '{}' })
  destinationCountries: string[];

  @Column({ name: 'contact_person', type: 'varchar', length: 200, nullable: true })
  contactPerson: string | null;

  /**
   * NFKC of "nameLo nameEn licenceNumber", what `q` searches (index agency_search_trgm_idx). Written by
   * the database (trigger agency_search_text_trg), never by the service.
   */
  @Column({ name: 'search_text', type: 'text', nullable: true, select: false, insert: false, update: false })
  searchText?: string | null;

  /**
   * The agency's standing, kept here by the features that own it (docs/architecture.md): the last day of
   * the first IRIS training one of its staff completed (trainings), the stage of its latest certification
   * case and its latest certificate (certification). Never edited by a user; changes bump no `version`.
   */
  @Column({ name: 'trained_on', type: 'date', nullable: true })
  trainedOn: string | null;

  @Column({
    name: 'certification_stage',
    type: 'enum',
    enum: CertificationStage,
    enumName: 'certification_stage',
    nullable: true,
  })
  certificationStage: CertificationStage | null;

  @Column({ name: 'certificate_number', type: 'varchar', length: 20, nullable: true })
  certificateNumber: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
