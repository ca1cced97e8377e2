import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { AgenciesService, type AgencySummary } from '../agencies/agencies.service';
import { effectiveLicenceStatus, type LicenceStatus } from '../agencies/licence-status';
import { ChangeFeed, type KeptCopy } from '../database/change-feed';
import { addDays } from '../common/lao-calendar';
import { pageOf, toPage } from '../common/pagination';
import type { SignedCertificateData } from './certificate-document';
import { CertificateStatus, effectiveCertificateStatus } from './certificate-status';
import { Certificate } from './certificate.entity';
import {
  CertificateDetailDto,
  CertificateDto,
  CertificatePageDto,
  CertificateQueryDto,
  PdfVerificationDto,
  SigningKeySetDto,
  VerifiedPdfKind,
} from './certificates.dto';
import { type CompletionStatement, CompletionSeals } from './completion-seal';
import { SigningKeysService } from './signing-keys.service';
import { Clock } from '../common/clock';

/** What a certificate's QR code answers: its public view, and whether its agency may recruit today. */
export interface PublicCertificateRecord {
  certificate: CertificateDto;
  licenceStatus: LicenceStatus;
}

/**
 * Reading certificates: for staff, for the public, and checking a PDF someone holds.
 *
 * The public view is what every QR scan asks for, so it is kept in memory per certificate and day, and
 * dropped on any change to certificates or agencies, here or on another replica (ChangeFeed); when the
 * feed is down, nothing is kept and every scan reads the database. A number that is not found is kept
 * too: issuing a certificate is a change.
 */
@Injectable()
export class CertificatesService {
  private readonly publicRecords: KeptCopy<PublicCertificateRecord | { missing: true }>;
  /** Issued PDFs never change; kept by size, the most asked first. */
  private readonly pdfs: KeptCopy<{ pdf: Buffer; sha256: string }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: SigningKeysService,
    private readonly seals: CompletionSeals,
    private readonly clock: Clock,
    private readonly agencies: AgenciesService,
    changes: ChangeFeed,
  ) {
    // The TTL is a safety net only: the change feed drops entries long before.
    this.publicRecords = changes.keep({ max: 10_000, ttl: 60_000 });
    // A number is never reissued, but a database restored from a backup may hold other files.
    this.pdfs = changes.keep({ maxSize: 32 * 1024 * 1024, sizeCalculation: (entry) => entry.pdf.length });
  }

  async list(query: CertificateQueryDto): Promise<CertificatePageDto> {
    const today = this.clock.today();
    const qb = this.dataSource.getRepository(Certificate).createQueryBuilder('c');
    if (query.status) whereStatus(qb, query.status, today);
    if (query.agencyId) qb.andWhere('c.agency_id = :agencyId', { agencyId: query.agencyId });
    qb.orderBy('c.issued_on', 'DESC').addOrderBy('c.number', 'DESC');
    const { items, total } = await pageOf(qb, query);
    return toPage(await this.describe(items, today), total, query);
  }

  async detail(number: string): Promise<CertificateDetailDto> {
    const [described] = await this.describe([await this.require(number)], this.clock.today());
    return described;
  }

  /** The public view: no case id, nothing about people. */
  async publicView(number: string): Promise<CertificateDto> {
    return (await this.publicRecord(number)).certificate;
  }

  /** The public view with the agency's licence status as it reads today; 404 for an unknown number. */
  async publicRecord(number: string): Promise<PublicCertificateRecord> {
    const today = this.clock.today();
    const record = await this.publicRecords.read(`${today} ${number}`, async () => {
      const found = await this.dataSource.getRepository(Certificate).findOneBy({ number });
      if (!found) return { missing: true as const };
      const agencies = await this.agencies.summariesOf([found.agencyId]);
      const agency = agencies.get(found.agencyId)!;
      const [{ caseId: _caseId, ...certificate }] = await this.describe([found], today, agencies);
      return {
        certificate,
        licenceStatus: effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, today),
      };
    });
    if ('missing' in record) throw notFound(number);
    return record;
  }

  /** The issued PDF, as stored: no rendering per request. */
  pdf(number: string): Promise<{ pdf: Buffer; sha256: string }> {
    return this.pdfs.read(number, async () => {
      const certificate = await this.dataSource.getRepository(Certificate).findOne({
        where: { number },
        select: { number: true, pdf: true, pdfSha256: true },
      });
      if (!certificate) throw notFound(number);
      return { pdf: certificate.pdf!, sha256: certificate.pdfSha256 };
    });
  }

  /**
   * Whether `file` is byte for byte a PDF this service issued: an IRIS certificate (its SHA-256 is
   * looked up) or a certificate of completion of a training (its seal is checked; they are not stored).
   */
  async verifyPdf(file: Buffer): Promise<PdfVerificationDto> {
    const sha256 = createHash('sha256').update(file).digest('hex');
    const found = await this.dataSource.getRepository(Certificate).findOneBy({ pdfSha256: sha256 });
    if (!found) {
      const completion = await this.seals.open(file);
      if (completion) return completionAnswer(completion, sha256);
      const isPdf = file.subarray(0, 5).toString('latin1') === '%PDF-';
      return {
        genuine: false,
        kind: VerifiedPdfKind.Unknown,
        sha256,
        certificate: null,
        completion: null,
        message: isPdf
          ? 'Not genuine: this PDF is not a certificate issued by this service, or it was changed after it was issued.'
          : 'Not genuine: this file is not a PDF certificate issued by this service.',
      };
    }
    const [{ caseId: _caseId, ...certificate }] = await this.describe([found], this.clock.today());
    return {
      genuine: true,
      kind: VerifiedPdfKind.IrisCertificate,
      sha256,
      certificate,
      completion: null,
      message:
        `This is the genuine PDF of certificate ${certificate.number}; the certificate is ${certificate.status}` +
        (certificate.statusReason ? ` (${certificate.statusReason}).` : '.'),
    };
  }

  /** The public keys as a JWK set, the current one first. */
  async keySet(): Promise<SigningKeySetDto> {
    const keys = await this.keys.all();
    return {
      keys: keys
        .map((k) => ({
          ...k.publicJwk,
          kid: k.keyId,
          alg: 'EdDSA' as const,
          use: 'sig' as const,
          current: k.keyId === this.keys.currentKeyId,
          addedAt: k.createdAt.toISOString(),
        }))
        .sort((a, b) => Number(b.current) - Number(a.current)),
    };
  }

  private async require(number: string): Promise<Certificate> {
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ number });
    if (!certificate) throw notFound(number);
    return certificate;
  }

  /** A page of certificates with their agencies (one query) and checked signatures. */
  private async describe(
    certificates: Certificate[],
    today: string,
    known?: Map<string, AgencySummary>,
  ): Promise<CertificateDetailDto[]> {
    if (certificates.length === 0) return [];
    const agencies = known ?? (await this.agencies.summariesOf(certificates.map((c) => c.agencyId)));
    return Promise.all(
      certificates.map(async (c) => {
        const agency = agencies.get(c.agencyId)!;
        const status = effectiveCertificateStatus(c.status, c.expiresOn, today);
        const signed = parseSigned(c.signedData);
        return {
          number: c.number,
          status,
          // Read as expired before the nightly job (or, suspended, without one): dated by the expiry itself.
          statusReason: status === c.status ? c.statusReason : `The certificate expired on ${c.expiresOn}`,
          statusReasonLo: status === c.status ? c.statusReasonLo : null,
          statusChangedOn: status === c.status ? c.statusChangedOn : c.expiresOn,
          caseId: c.caseId,
          agency: {
            id: agency.id,
            nameLo: agency.nameLo,
            nameEn: agency.nameEn,
            licenceNumber: agency.licenceNumber,
            province: agency.province,
          },
          scope: { lo: c.scopeLo, en: c.scopeEn },
          standardVersion: c.standardVersion,
          originalIssuedOn: c.originalIssuedOn,
          issuedOn: c.issuedOn,
          validUntil: addDays(c.expiresOn, -1),
          expiresOn: c.expiresOn,
          supersededBy: c.supersededBy,
          verifyUrl: signed?.verifyUrl ?? '',
          pdfSha256: c.pdfSha256,
          pdfBytes: c.pdfBytes,
          signature: {
            algorithm: 'Ed25519' as const,
            keyId: c.keyId,
            value: c.signature,
            signedData: c.signedData,
          },
          signatureValid:
            signed !== null &&
            matches(signed, c) &&
            (await this.keys.verify(c.signedData, c.signature, c.keyId)),
        };
      }),
    );
  }
}

/** A genuine certificate of completion: the training and the agency, never the participant. */
function completionAnswer(statement: CompletionStatement, sha256: string): PdfVerificationDto {
  const { training, agency } = statement;
  const days =
    training.firstDay === training.lastDay ? training.firstDay : `${training.firstDay} – ${training.lastDay}`;
  return {
    genuine: true,
    kind: VerifiedPdfKind.TrainingCompletion,
    sha256,
    certificate: null,
    completion: {
      training: { title: training.title, firstDay: training.firstDay, lastDay: training.lastDay },
      agency: { id: agency.id, nameLo: agency.nameLo, nameEn: agency.nameEn },
    },
    message:
      `This is a genuine certificate of completion of the training "${training.title}" (${days}), issued ` +
      `to a participant of ${agency.nameEn} (${agency.nameLo}). It is not an IRIS certificate of the ` +
      'agency: whether the agency is IRIS-certified is on its public page.',
  };
}

/** `status` as it reads today: a valid or suspended certificate whose expiry date has come is expired (SQL twin of effectiveCertificateStatus). */
function whereStatus(qb: SelectQueryBuilder<Certificate>, status: CertificateStatus, today: string): void {
  if (status === CertificateStatus.Valid || status === CertificateStatus.Suspended) {
    qb.andWhere(`c.status = :status AND c.expires_on > :today`, { status, today });
  } else if (status === CertificateStatus.Expired) {
    qb.andWhere(`(c.status = 'expired' OR (c.status IN ('valid', 'suspended') AND c.expires_on <= :today))`, {
      today,
    });
  } else {
    qb.andWhere('c.status = :status', { status });
  }
}

function parseSigned(text: string): SignedCertificateData | null {
  try {
    return JSON.parse(text) as SignedCertificateData;
  } catch {
    return null;
  }
}

/** The stored fields anyone sees must be the ones that were signed. */
function matches(signed: SignedCertificateData, c: Certificate): boolean {
  return (
    signed.number === c.number &&
    signed.agency?.id === c.agencyId &&
    signed.issuedOn === c.issuedOn &&
    signed.originalIssuedOn === c.originalIssuedOn &&
    signed.expiresOn === c.expiresOn &&
    signed.standardVersion === c.standardVersion &&
    signed.scope?.lo === c.scopeLo &&
    signed.scope?.en === c.scopeEn &&
    signed.keyId === c.keyId
  );
}

const notFound = (number: string) =>
  new NotFoundException(
    `No certificate has the number ${number}. A certificate that cannot be found may be forged.`,
  );
