import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import type { Actor } from '../common/auth.decorators';
import type { AppConfig } from '../config/config';
import { CertificateDocument, type SignedCertificateData, scopeOf } from './certificate-document';
import { formatCertificateNumber } from './certificate-number';
import { type CertificateEvent, CertificateStatus, STATUS_AFTER } from './certificate-status';
import { Certificate } from './certificate.entity';
import { canonicalJson } from './signing';
import { SigningKeysService } from './signing-keys.service';

/** A certificate to issue: for a case that is being certified, inside the move's transaction. */
export interface Issue {
  caseId: string;
  agencyId: string;
  issuedOn: string;
  expiresOn: string;
  actor: Actor | null;
}

/** A change of a certificate's status that its case's move brings (docs/certificates.md). */
export interface StatusChange {
  reason: string | null;
  reasonLo?: string | null;
  actor: Actor | null;
  /** The Lao calendar day of the move. */
  on: string;
}

/**
 * Issues a case's certificate and keeps its status in step with the case (suspended, reinstated,
 * withdrawn, expired, superseded). Certification calls it in the move's transaction, so a certificate
 * exists exactly when its case says so, and a failure to issue undoes the move.
 */
@Injectable()
export class CertificateIssuance {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly document: CertificateDocument,
    private readonly auditLog: AuditLogService,
    private readonly agencies: AgenciesService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Applies `event` (anything but `issued`) to certificate `number`. */
  async record(
    em: EntityManager,
    number: string,
    event: Exclude<CertificateEvent, 'issued'>,
    change: StatusChange,
  ): Promise<void> {
    const certificate = await em.findOneOrFail(Certificate, {
      where: { number },
      lock: { mode: 'pessimistic_write' },
    });
    const before = statusView(certificate);
    certificate.status = STATUS_AFTER[event];
    certificate.statusReason = event === 'reinstated' ? null : change.reason;
    certificate.statusReasonLo = event === 'reinstated' ? null : (change.reasonLo ?? null);
    // An expiry is dated by the expiry date itself, whenever the nightly job records it.
    certificate.statusChangedOn = event === 'expired' ? certificate.expiresOn : change.on;
    await em.save(certificate);
    await this.auditLog.record(em, {
      actor: change.actor,
      action: `certificate.${event}`,
      entityType: 'certificate',
      entityId: number,
      before,
      after: statusView(certificate),
    });
  }

  /** Numbers, signs, renders and stores the certificate; answers its number. */
  async issue(em: EntityManager, { caseId, agencyId, issuedOn, expiresOn, actor }: Issue): Promise<string> {
    const agency = await this.agencies.require(agencyId, { em });
    // The one the recertification replaces: its case was closed as superseded earlier in this transaction.
    const previous = await em.findOne(Certificate, {
      where: { agencyId: agency.id, status: CertificateStatus.Superseded, supersededBy: IsNull() },
      order: { issuedOn: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
    const year = Number(issuedOn.slice(0, 4));
    const sequence = await nextSequence(em, year);
    const number = formatCertificateNumber(year, sequence);
    await this.keys.register();
    const { lo, en } = this.document.messages();
    const data: SignedCertificateData = {
      type: 'IRIS-LA certificate',
      number,
      agency: {
        id: agency.id,
        licenceNumber: agency.licenceNumber,
        nameLo: agency.nameLo,
        nameEn: agency.nameEn,
      },
      scope: scopeOf(agency.destinationCountries, lo, en),
      standardVersion: this.config.get('IRIS_STANDARD_VERSION', { infer: true }),
      originalIssuedOn: previous?.originalIssuedOn ?? issuedOn,
      issuedOn,
      expiresOn,
      issuer: en['certificate.issuer'],
      verifyUrl: `${this.config.get('PUBLIC_BASE_URL', { infer: true })}/verify/${number}`,
      keyId: this.keys.currentKeyId,
    };
    const signedData = canonicalJson(data);
    const signature = this.keys.sign(signedData);
    const pdf = await this.document.render(data, signedData, signature);
    const certificate = em.create(Certificate, {
      number,
      year,
      sequence,
      caseId,
      agencyId: agency.id,
      scopeLo: data.scope.lo,
      scopeEn: data.scope.en,
      standardVersion: data.standardVersion,
      originalIssuedOn: data.originalIssuedOn,
      issuedOn,
      expiresOn: data.expiresOn,
      status: CertificateStatus.Valid,
      statusReason: null,
      statusReasonLo: null,
      statusChangedOn: issuedOn,
      supersededBy: null,
      keyId: data.keyId,
      signedData,
      signature,
      pdf,
      pdfSha256: createHash('sha256').update(pdf).digest('hex'),
      pdfBytes: pdf.length,
    });
    await em.insert(Certificate, certificate);
    await this.auditLog.record(em, {
      actor,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: number,
      after: {
        ...statusView(certificate),
        caseId,
        agencyId: agency.id,
        issuedOn,
        expiresOn: data.expiresOn,
        pdfSha256: certificate.pdfSha256,
      },
    });
    if (previous) {
      const before = statusView(previous);
      previous.supersededBy = number;
      previous.statusReason = `Superseded by certificate ${number}`;
      previous.statusReasonLo = null;
      await em.save(previous);
      await this.auditLog.record(em, {
        actor,
        action: 'certificate.replaced',
        entityType: 'certificate',
        entityId: previous.number,
        before,
        after: statusView(previous),
      });
    }
    return number;
  }
}

/**
 * The year's next number. The counter row stays locked until the issuing transaction ends, so numbers
 * are handed out one at a time, and a rolled-back issue gives its number back: no gaps, no duplicates.
 */
async function nextSequence(em: EntityManager, year: number): Promise<number> {
  const [row] = (await em.query(
    `INSERT INTO certificate_sequences (year, last_sequence) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_sequence = certificate_sequences.last_sequence + 1
     RETURNING last_sequence`,
    [year],
  )) as { last_sequence: number }[];
  return row.last_sequence;
}

const statusView = (c: Certificate) => ({
  number: c.number,
  status: c.status,
  statusReason: c.statusReason,
  statusReasonLo: c.statusReasonLo,
  statusChangedOn: c.statusChangedOn,
  supersededBy: c.supersededBy,
});
