import { ApiDate } from '../common/api-docs';
import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CertificationStage } from '../common/certification-stage';
import { CappedPageDto, PageQueryDto } from '../common/pagination.dto';
import { IsCountryCodes, IsIsoDate, IsLaoScript, IsPhone, Optional, Trim } from '../common/validation';
import { IsProvinceCode, PROVINCE_CODES } from '../reference/provinces';
import { Agency } from './agency.entity';
import { effectiveLicenceStatus, LicenceStatus } from './licence-status';

export class CreateAgencyDto {
  /** As issued by MoLSW; unique; stored upper-case. @example "MOLSW-RA-2023-014" */
  @Trim({ uppercase: true })
  @MaxLength(40)
  @Matches(/^[A-Z0-9][A-Z0-9/.-]{2,39}$/, { context: { code: 'licenceNumberFormat' } })
  licenceNumber: string;

  /** The registered name in Lao script. @example "ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ" */
  @Trim()
  @IsString()
  @MaxLength(200)
  @IsLaoScript()
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  nameEn: string;

  /** @example "2023-03-01" */
  @IsIsoDate()
  licenceIssuedOn: string;

  /** On or after the issue date. @example "2026-02-28" */
  @IsIsoDate()
  licenceExpiresOn: string;

  @ApiProperty({ enum: PROVINCE_CODES, example: 'LA-VT', description: 'ISO 3166-2 code of the province' })
  @IsProvinceCode()
  province: string;

  /** Optional: leave it out or send null when unknown. @example "Xaysetha" */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  district?: string | null;

  /** Optional. @example "Ban Phonxay, Unit 12, Nongbone Road" */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  address?: string | null;

  /**
   * Optional. Lao without a country code (`021 415 678`, `020 5555 1234`), any other country's with `+`;
   * stored in international format. @example "+856 21 415 678"
   */
  @Optional({ nullable: true })
  @IsPhone()
  @MaxLength(40)
  phone?: string | null;

  /** Optional. @example "info@sisavath-recruit.la" */
  @Optional({ nullable: true })
  @Trim({ lowercase: true })
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** ISO 3166-1 alpha-2 codes of the countries it recruits for; may be empty. @example ["TH","KR"] */
  @Optional()
  @IsCountryCodes()
  destinationCountries?: string[];

  /** Optional. @example "Ms. Vilayvanh Sisavath" */
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  contactPerson?: string | null;
}

// skipNullProperties: false, so `{"nameEn": null}` is validated (400) rather than written (NOT NULL: 500);
// the optional contact fields accept null, which clears them.
export class UpdateAgencyDto extends PartialType(OmitType(CreateAgencyDto, ['licenceNumber'] as const), {
  skipNullProperties: false,
}) {
  /** The `version` you read; a stale one is refused with 409, so nobody overwrites a change unseen. @example 3 */
  @IsInt()
  @Min(1)
  version: number;
}

export const AGENCY_SORTS = ['nameEn', '-nameEn', 'nameLo', 'licenceExpiresOn', '-licenceExpiresOn'] as const;
export type AgencySort = (typeof AGENCY_SORTS)[number];

export class AgencyFilterDto {
  /** Part of the Lao or English name, or of the licence number; case-insensitive. @example "ສີສະຫວາດ" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: PROVINCE_CODES, example: 'LA-VT' })
  @IsOptional()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ enum: LicenceStatus, enumName: 'LicenceStatus' })
  @IsOptional()
  @IsEnum(LicenceStatus)
  licenceStatus?: LicenceStatus;

  /** ISO 3166-1 alpha-2. @example "KR" */
  @IsOptional()
  @Trim({ uppercase: true })
  @MaxLength(2)
  @Matches(/^[A-Z]{2}$/, { message: 'destinationCountry must be an ISO 3166-1 alpha-2 code' })
  destinationCountry?: string;

  /** Only licences expiring on or before this date (with licenceStatus=active: those about to lapse). @example "2027-01-31" */
  @IsOptional()
  @IsIsoDate()
  expiresBefore?: string;

  @ApiPropertyOptional({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    description:
      'Agencies with a case now in this stage; a withdrawn, expired or closed case counts only while it is ' +
      "the agency's latest",
  })
  @IsOptional()
  @IsEnum(CertificationStage)
  certificationStage?: CertificationStage;

  @ApiPropertyOptional({
    enum: AGENCY_SORTS,
    default: 'nameEn',
    description: 'A leading "-" sorts descending',
  })
  @IsOptional()
  @IsIn(AGENCY_SORTS)
  sort?: AgencySort;
}

export class AgencyQueryDto extends IntersectionType(PageQueryDto, AgencyFilterDto) {}

export class ChangeLicenceStatusDto {
  @ApiProperty({ enum: LicenceStatus, enumName: 'LicenceStatus', example: LicenceStatus.Suspended })
  @IsEnum(LicenceStatus)
  status: LicenceStatus;

  /** Why; kept in the licence history. @example "Charged jobseekers recruitment fees (inspection of 2026-11-10)" */
  @Trim()
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;

  /** The `version` you read. @example 3 */
  @IsInt()
  @Min(1)
  version: number;
}

export class AgencyResponseDto {
  /** @example "3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c" */
  id: string;

  /** @example "MOLSW-RA-2023-014" */
  licenceNumber: string;

  /** @example "ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ" */
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  nameEn: string;

  /** @example "2023-03-01" */
  @ApiDate()
  licenceIssuedOn: string;

  /** @example "2026-02-28" */
  @ApiDate()
  licenceExpiresOn: string;

  @ApiProperty({
    enum: LicenceStatus,
    enumName: 'LicenceStatus',
    description: 'An active licence past its expiry date reads as expired.',
  })
  licenceStatus: LicenceStatus;

  /** @example "LA-VT" */
  province: string;

  /** Null when not known. @example "Xaysetha" */
  district: string | null;

  /** @example "Ban Phonxay, Unit 12, Nongbone Road" */
  address: string | null;

  /** In international format. @example "+856 21 415 678" */
  phone: string | null;

  /** @example "info@sisavath-recruit.la" */
  email: string | null;

  /** @example ["TH","KR"] */
  destinationCountries: string[];

  /** @example "Ms. Vilayvanh Sisavath" */
  contactPerson: string | null;

  /** Send it back with a change. @example 3 */
  version: number;

  /**
   * When the agency became *trained*: the last day of the first IRIS training one of its staff completed;
   * null until then. @example "2026-11-20"
   */
  @ApiDate()
  trainedOn: string | null;

  @ApiProperty({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    nullable: true,
    example: CertificationStage.Certified,
    description: "The stage of the agency's latest certification case; null when it never had one",
  })
  certificationStage: CertificationStage | null;

  /** The agency's latest IRIS certificate (its status: `GET /certificates/{number}`); null when none. @example "IRIS-LA-2026-0002" */
  certificateNumber: string | null;

  /** @example "2026-11-24T09:00:00.000Z" */
  createdAt: Date;

  /** @example "2026-11-24T09:00:00.000Z" */
  updatedAt: Date;
}

export class AgencyPageDto extends CappedPageDto {
  items: AgencyResponseDto[];
}

export class LicenceStatusChangeDto {
  @ApiProperty({ enum: LicenceStatus, enumName: 'LicenceStatus' })
  fromStatus: LicenceStatus;

  @ApiProperty({ enum: LicenceStatus, enumName: 'LicenceStatus' })
  toStatus: LicenceStatus;

  /** @example "Charged jobseekers recruitment fees" */
  reason: string;

  /** Null when the system recorded it (expiry, renewal). @example "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f" */
  changedBy: string | null;

  /** @example "2026-11-24T09:00:00.000Z" */
  changedAt: Date;
}

export class LicenceHistoryDto {
  items: LicenceStatusChangeDto[];
}

export function toAgencyResponse(agency: Agency, today: string): AgencyResponseDto {
  return {
    id: agency.id,
    licenceNumber: agency.licenceNumber,
    nameLo: agency.nameLo,
    nameEn: agency.nameEn,
    licenceIssuedOn: agency.licenceIssuedOn,
    licenceExpiresOn: agency.licenceExpiresOn,
    licenceStatus: effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, today),
    province: agency.province,
    district: agency.district,
    address: agency.address,
    phone: agency.phone,
    email: agency.email,
    destinationCountries: agency.destinationCountries,
    contactPerson: agency.contactPerson,
    version: agency.version,
    trainedOn: agency.trainedOn,
    certificationStage: agency.certificationStage,
    certificateNumber: agency.certificateNumber,
    createdAt: agency.createdAt,
    updatedAt: agency.updatedAt,
  };
}
