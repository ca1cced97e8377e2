import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reference data shipped by migration; agencies point at it by code. */
@Entity('provinces')
export class Province {
  @PrimaryColumn({ type: 'varchar', length: 6, primaryKeyConstraintName: 'provinces_pkey' })
  code: string;

  @Column({ name: 'name_en', type: 'varchar', length: 60 })
  nameEn: string;

  @Column({ name: 'name_lo', type: 'varchar', length: 60 })
  nameLo: string;
}
