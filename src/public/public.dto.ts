import { ApiDate } from '../common/api-docs';
import { ApiProperty, IntersectionType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { AgencyFilterDto } from '../agencies/agencies.dto';
import { LicenceStatus } from '../agencies/licence-status';
import { CertificateStatus } from '../certificates/certificate-status';
import { CertificationStage } from '../common/certification-stage';
import { CappedPageDto, PageQueryDto } from '../common/pagination.dto';
import { ToBoolean } from '../common/validation';
import { PublicCertificationStatus, PublicEventKind } from './public-events.enums';

export { PublicCertificationStatus, PublicEventKind };

/** The register's own filters (same rules and documentation), and whether a certificate is valid today. */
export class PublicAgencyFilterDto extends PickType(AgencyFilterDto, [
  'q',
  'province',
  'destinationCountry',
] as const) {
  /** `true`: only agencies holding a valid IRIS certificate today; `false`: only those without one. @example true */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  certified?: boolean;
}

export class PublicAgencyQueryDto extends IntersectionType(PageQueryDto, PublicAgencyFilterDto) {}

export class PublicCertificateSummaryDto {
  /** @example "IRIS-LA-2026-0002" */
  number: string;

  @ApiProperty({ enum: CertificateStatus, enumName: 'CertificateStatus', example: CertificateStatus.Valid })
  status: CertificateStatus;

  /** Why it is suspended, withdrawn, expired or superseded, in English; null while valid. @example null */
  statusReason: string | null;

  /** The same reason in Lao; null when none was given (show `statusReason`). @example null */
  statusReasonLo: string | null;

  /** @example "2026-11-24" */
  @ApiDate()
  issuedOn: string;

  /** The last day it is valid. @example "2029-11-23" */
  @ApiDate()
  validUntil: string;

  /** The first day it is no longer valid. @example "2029-11-24" */
  @ApiDate()
  expiresOn: string;
}

export class PublicCertificationDto {
  @ApiProperty({
    enum: PublicCertificationStatus,
    enumName: 'PublicCertificationStatus',
    example: PublicCertificationStatus.Certified,
    description: "From the agency's latest certificate as it reads today; `not_certified` when it has none",
  })
  status: PublicCertificationStatus;

  @ApiProperty({
    enum: CertificationStage,
    enumName: 'CertificationStage',
    nullable: true,
    example: CertificationStage.Certified,
    description: "The stage of the agency's latest certification case; null when it never had one",
  })
  stage: CertificationStage | null;

  /** The agency's latest certificate, null when it never had one. */
  certificate: PublicCertificateSummaryDto | null;
}

/** An agency as anyone may see it: no address, phone, e-mail or contact person, and no participant. */
export class PublicAgencyDto {
  /** @example "3f1e6c1a-9a55-4c47-8b8e-0c6f1f0b9a10" */
  id: string;

  /** @example "MOLSW-RA-2023-014" */
  licenceNumber: string;

  /** @example "ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ" */
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  nameEn: string;

  @ApiProperty({
    enum: LicenceStatus,
    enumName: 'LicenceStatus',
    example: LicenceStatus.Active,
    description: 'As it reads today: an active licence past its expiry date is expired',
  })
  licenceStatus: LicenceStatus;

  /** The last day of the licence. @example "2027-02-28" */
  @ApiDate()
  licenceExpiresOn: string;

  /** ISO 3166-2. @example "LA-VT" */
  province: string;

  /** @example "ນະຄອນຫຼວງວຽງຈັນ" */
  provinceNameLo: string;

  /** @example "Vientiane Capital" */
  provinceNameEn: string;

  /** Null when not recorded. @example "Xaysetha" */
  district: string | null;

  /** ISO 3166-1 alpha-2. @example ["TH","KR"] */
  destinationCountries: string[];

  certification: PublicCertificationDto;

  /** How many of its staff completed an IRIS training workshop (a count: never who). @example 2 */
  trainedStaff: number;
}

export class PublicAgencyEventDto {
  /** The day it happened (Lao time). @example "2026-03-02" */
  @ApiDate()
  on: string;

  @ApiProperty({ enum: PublicEventKind, enumName: 'PublicEventKind', example: PublicEventKind.Suspended })
  kind: PublicEventKind;

  /** The certificate concerned, for certification events. @example "IRIS-LA-2025-0001" */
  certificateNumber: string | null;

  /** The public reason of a suspension or withdrawal, in English; null for other events. @example "Surveillance audit found recruitment fees charged to workers" */
  reason: string | null;

  /** The same reason in Lao; null for other events and when none was given (show `reason`). @example "ການກວດສອບຕິດຕາມພົບວ່າ ແຮງງານຖືກເກັບຄ່າຈັດຫາງານ" */
  reasonLo: string | null;

  /** For `superseded`: the recertification's certificate that replaced it. @example "IRIS-LA-2026-0002" */
  supersededBy: string | null;
}

export class PublicAgencyDetailDto extends PublicAgencyDto {
  /** The public history, newest first (at most the latest 100 events). */
  history: PublicAgencyEventDto[];
}

export class PublicAgencyPageDto extends CappedPageDto {
  items: PublicAgencyDto[];
}
