import { ApiDate } from '../common/api-docs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import { PageDto, PageQueryDto } from '../common/pagination.dto';
import { Optional } from '../common/validation';
import { CertificateStatus } from './certificate-status';

export class CertificateQueryDto extends PageQueryDto {
  /** Only certificates with this status today (a valid one past its expiry date counts as expired). */
  @ApiPropertyOptional({ enum: CertificateStatus, enumName: 'CertificateStatus' })
  @Optional()
  @IsEnum(CertificateStatus)
  status?: CertificateStatus;

  /** Only this agency's certificates. @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  @Optional()
  @IsUUID()
  agencyId?: string;
}

/** The agency a certificate was issued to: public fields only. */
export class CertificateAgencyDto {
  /** @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  id: string;

  /** @example "ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ" */
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  nameEn: string;

  /** @example "RA-2024-0123" */
  licenceNumber: string;

  /** ISO 3166-2 code of the agency's province. @example "LA-VT" */
  province: string;
}

export class BilingualTextDto {
  /** @example "ການຈັດຫາງານຢ່າງມີຈັນຍາບັນ. ປະເທດປາຍທາງ: ໄທ, ຍີ່ປຸ່ນ" */
  lo: string;

  /** @example "Ethical recruitment of workers for employment abroad. Destination countries: Thailand, Japan" */
  en: string;
}

/** How to check the certificate offline: verify `value` over the UTF-8 bytes of `signedData` with the key `keyId` of `GET /public/keys`. */
export class CertificateSignatureDto {
  @ApiProperty({ enum: ['Ed25519'], example: 'Ed25519' })
  algorithm: 'Ed25519';

  /** RFC 7638 thumbprint of the signing key (`kid` in `GET /public/keys`). @example "kq4n1dWJmCkbrH1b2kNqYQxCn3OkwnIGdRJ5w5DWyJQ" */
  keyId: string;

  /** The Ed25519 signature, base64url. @example "3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" */
  value: string;

  /** The canonical JSON (RFC 8785) that was signed, exactly as signed. @example "{\"agency\":{…},\"number\":\"IRIS-LA-2026-0001\",…}" */
  signedData: string;
}

export class CertificateDto {
  /** @example "IRIS-LA-2026-0001" */
  number: string;

  @ApiProperty({ enum: CertificateStatus, enumName: 'CertificateStatus', example: CertificateStatus.Valid })
  status: CertificateStatus;

  /** Public: why it is suspended, withdrawn, expired or superseded, in English; null while valid. @example null */
  statusReason: string | null;

  /**
   * The same reason in Lao; null when the auditor gave none, and for the service's own reasons (expiry,
   * replacement): show `statusReason` then. @example null
   */
  statusReasonLo: string | null;

  /** The day the status last changed (the issue date at first). @example "2026-11-24" */
  @ApiDate()
  statusChangedOn: string;

  agency: CertificateAgencyDto;

  scope: BilingualTextDto;

  /** @example "1.2" */
  standardVersion: string;

  /** The first certification in an unbroken line of recertifications. @example "2026-11-24" */
  @ApiDate()
  originalIssuedOn: string;

  /** @example "2026-11-24" */
  @ApiDate()
  issuedOn: string;

  /** The last day the certificate is valid (printed on it). @example "2029-11-23" */
  @ApiDate()
  validUntil: string;

  /** The day it expires: from this day it reads as expired. @example "2029-11-24" */
  @ApiDate()
  expiresOn: string;

  /** The recertification's certificate that replaced this one. @example null */
  supersededBy: string | null;

  /** The public page the certificate's QR code opens. @example "https://iris.molsw.gov.la/verify/IRIS-LA-2026-0001" */
  verifyUrl: string;

  /** SHA-256 of the issued PDF, hex: a copy with any other hash is not the issued file. @example "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" */
  pdfSha256: string;

  /** @example 23144 */
  pdfBytes: number;

  signature: CertificateSignatureDto;

  /** Whether the signature verifies with the service's public key and matches the fields above. @example true */
  signatureValid: boolean;
}

/** For signed-in users: the certificate and the certification case it came from. */
export class CertificateDetailDto extends CertificateDto {
  /** @example "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f" */
  caseId: string;
}

export class CertificatePageDto extends PageDto {
  items: CertificateDetailDto[];
}

/** What an uploaded PDF is. */
export enum VerifiedPdfKind {
  IrisCertificate = 'iris_certificate',
  TrainingCompletion = 'training_completion',
  /** Not a file this service issued, or one changed since. */
  Unknown = 'unknown',
}

export class CompletionTrainingDto {
  /** @example "IRIS ethical recruitment training for recruitment agencies" */
  title: string;

  /** @example "2026-11-19" */
  firstDay: string;

  /** @example "2026-11-20" */
  lastDay: string;
}

/** The agency the participant came from: public fields only. */
export class CompletionAgencyDto {
  /** Its public page is `/agencies/{id}`. @example "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" */
  id: string;

  /** @example "ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ" */
  nameLo: string;

  /** @example "Sisavath Recruitment Co., Ltd." */
  nameEn: string;
}

/** A genuine certificate of completion of a training: which training, and the participant's agency (never the person). */
export class CompletionVerificationDto {
  training: CompletionTrainingDto;

  agency: CompletionAgencyDto;
}

export class PdfVerificationDto {
  /**
   * True only when the file is, byte for byte, a PDF this service issued: an IRIS certificate or a
   * certificate of completion of a training (see `kind`). @example true
   */
  genuine: boolean;

  @ApiProperty({
    enum: VerifiedPdfKind,
    enumName: 'VerifiedPdfKind',
    example: VerifiedPdfKind.IrisCertificate,
  })
  kind: VerifiedPdfKind;

  /** SHA-256 of the file received, hex. @example "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" */
  sha256: string;

  /** What to tell the person holding the file. @example "This is the genuine PDF of certificate IRIS-LA-2026-0001; the certificate is valid." */
  message: string;

  /** The IRIS certificate it is, with its current status; null for any other file. */
  certificate: CertificateDto | null;

  /** The certificate of completion it is; null for any other file. */
  completion: CompletionVerificationDto | null;
}

/** A public key that signs (or signed) certificates, as a JWK (RFC 8037). */
export class SigningJwkDto {
  @ApiProperty({ enum: ['OKP'], example: 'OKP' })
  kty: 'OKP';

  @ApiProperty({ enum: ['Ed25519'], example: 'Ed25519' })
  crv: 'Ed25519';

  /** The public key, base64url. @example "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" */
  x: string;

  /** Key id: the RFC 7638 thumbprint, as in a certificate's `signature.keyId`. @example "kq4n1dWJmCkbrH1b2kNqYQxCn3OkwnIGdRJ5w5DWyJQ" */
  kid: string;

  @ApiProperty({ enum: ['EdDSA'], example: 'EdDSA' })
  alg: 'EdDSA';

  @ApiProperty({ enum: ['sig'], example: 'sig' })
  use: 'sig';

  /** Whether new certificates are signed with this key; older keys stay listed. @example true */
  current: boolean;

  /** When the service first used the key. @example "2026-11-24T03:12:45.000Z" */
  addedAt: string;
}

export class SigningKeySetDto {
  keys: SigningJwkDto[];
}
