import { Injectable } from '@nestjs/common';
import countries from 'i18n-iso-countries';
import { readFileSync } from 'node:fs';
import { addDays } from '../common/lao-calendar';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { formatDate, type Messages } from '../common/i18n';

countries.registerLocale(
  JSON.parse(
    readFileSync(require.resolve('i18n-iso-countries/langs/en.json'), 'utf8'),
  ) as countries.LocaleData,
);

/**
 * What a certificate's signature covers, as signed (canonical JSON, RFC 8785). Its status is not in
 * it: that changes, and anyone reads it live from `GET /public/certificates/{number}`.
 */
export interface SignedCertificateData {
  type: 'IRIS-LA certificate';
  number: string;
  agency: { id: string; licenceNumber: string; nameLo: string; nameEn: string };
  scope: { lo: string; en: string };
  standardVersion: string;
  originalIssuedOn: string;
  issuedOn: string;
  /** The first day it is no longer valid. */
  expiresOn: string;
  issuer: string;
  verifyUrl: string;
  keyId: string;
}

const MAX_NAMED_COUNTRIES = 8;

/** The scope line in both languages, naming the agency's destination countries (Lao names from templates/i18n). */
export function scopeOf(
  destinations: readonly string[],
  lo: Messages,
  en: Messages,
): { lo: string; en: string } {
  if (destinations.length === 0) {
    return { lo: lo['certificate.scopeAnyCountry'], en: en['certificate.scopeAnyCountry'] };
  }
  // Up to eight by name, then how many more: the scope must fit its place on the certificate.
  const named = destinations.slice(0, MAX_NAMED_COUNTRIES);
  const more = destinations.length > named.length ? ` (+${destinations.length - named.length})` : '';
  const english = named.map((code) => countries.getName(code, 'en', { select: 'official' }) ?? code);
  const lao = named.map((code, i) => lo[`country.${code}`] ?? english[i]);
  return {
    lo: lo['certificate.scope'].replace('{countries}', lao.join(', ') + more),
    en: en['certificate.scope'].replace('{countries}', english.join(', ') + more),
  };
}

/** What `templates/pdf/iris-certificate.json` shows of a certificate, in both languages. */
export function certificateFields(data: SignedCertificateData, lo: Messages, en: Messages) {
  const bilingual = (day: string) => ({ lo: formatDate(day, 'lo', lo), en: formatDate(day, 'en', en) });
  const original = bilingual(data.originalIssuedOn);
  return {
    number: data.number,
    agency: data.agency,
    scope: data.scope,
    standard: {
      lo: lo['certificate.standard'].replace('{version}', data.standardVersion),
      en: en['certificate.standard'].replace('{version}', data.standardVersion),
    },
    issuedOn: bilingual(data.issuedOn),
    originalIssuedOn: data.originalIssuedOn === data.issuedOn ? '' : `${original.lo} / ${original.en}`,
    validUntil: bilingual(addDays(data.expiresOn, -1)),
    verifyUrl: data.verifyUrl,
    keyId: data.keyId,
  };
}

/** Renders an IRIS certificate from its signed data with `templates/pdf/iris-certificate.json`. */
@Injectable()
export class CertificateDocument {
  constructor(private readonly renderer: PdfRenderer) {}

  messages() {
    return { lo: this.renderer.messagesOf('lo'), en: this.renderer.messagesOf('en') };
  }

  /** Deterministic: the same data and signature give the same bytes. The PDF carries both, for offline checks. */
  render(data: SignedCertificateData, signedData: string, signature: string): Promise<Buffer> {
    const { lo, en } = this.messages();
    return this.renderer.render('iris-certificate', certificateFields(data, lo, en), {
      createdAt: new Date(`${data.issuedOn}T00:00:00Z`),
      info: { IRISCertificate: signedData, IRISSignature: signature, IRISKeyId: data.keyId },
    });
  }
}
