import { Injectable, NotFoundException } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { LicenceStatus } from '../agencies/licence-status';
import { parseCertificateNumber } from '../certificates/certificate-number';
import { CertificateStatus } from '../certificates/certificate-status';
import type { CertificateDto, PdfVerificationDto } from '../certificates/certificates.dto';
import { CertificatesService, type PublicCertificateRecord } from '../certificates/certificates.service';
import type { Language } from '../common/i18n';
import { PROVINCES } from '../reference/provinces';
import { PageRenderer } from './page-renderer';
import { pageReason } from './public-events';
import { PublicAgenciesService } from './public-agencies.service';
import { PublicAgencyDto, PublicCertificationStatus, PublicEventKind } from './public.dto';

export const PAGE_SIZE = 20;
const MAX_PAGE = 500;
/** The destinations offered as a filter: the corridors Lao workers use. */
const DESTINATIONS = ['TH', 'JP', 'KR'];

/** A badge: its CSS tone and its wording key in templates/i18n. */
const CERTIFICATION_TONE: Record<PublicCertificationStatus, string> = {
  certified: 'ok',
  suspended: 'warn',
  withdrawn: 'bad',
  expired: 'muted',
  not_certified: 'muted',
};
const LICENCE_TONE: Record<LicenceStatus, string> = {
  active: 'ok',
  suspended: 'warn',
  revoked: 'bad',
  expired: 'bad',
};
/** docs/certification.md: the reason for a suspension or withdrawal is public; other reasons are the service's own words. */
const PUBLIC_REASON = new Set([CertificateStatus.Suspended, CertificateStatus.Withdrawn]);
const VERDICT_TONE: Record<CertificateStatus, string> = {
  valid: 'ok',
  suspended: 'warn',
  withdrawn: 'bad',
  expired: 'bad',
  superseded: 'muted',
};

export interface SearchParams {
  q?: string;
  province?: string;
  certified?: string;
  country?: string;
  page?: string;
}

/** The view models of the public pages: every label comes from templates/i18n, every value from the public API. */
@Injectable()
export class PagesService {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly agencies: PublicAgenciesService,
    private readonly certificates: CertificatesService,
  ) {}

  /** `/`: the search form and, always, a page of results (the whole register when nothing is asked). */
  async home(lang: Language, params: SearchParams): Promise<string> {
    const filter = searchFilter(params);
    const offset = (filter.page - 1) * PAGE_SIZE;
    const result = await this.agencies.list({
      q: filter.q,
      province: filter.province,
      certified: filter.certified === '' ? undefined : filter.certified === 'true',
      destinationCountry: filter.country,
      limit: PAGE_SIZE,
      offset,
    });
    const pageUrl = (page: number) => `/?${searchQuery({ ...filter, page: String(page) }, lang)}`;
    return this.renderer.render('home', lang, {
      title: this.renderer.text(lang, 'web.home.title'),
      filter,
      searched: Boolean(filter.q || filter.province || filter.certified || filter.country),
      provinces: PROVINCES.map((p) => ({
        code: p.code,
        name: lang === 'lo' ? p.nameLo : p.nameEn,
        selected: p.code === filter.province,
      })),
      // The usual corridors, and any other country a shared link asks for.
      countries: [...new Set([...DESTINATIONS, ...(filter.country ? [filter.country] : [])])].map((code) => ({
        code,
        name: this.renderer.countryName(lang, code),
        selected: code === filter.country,
      })),
      total: result.total,
      // Past 1,000 matches the total is a lower bound: "of more than 1,000".
      totalExact: result.totalExact,
      from: result.total === 0 ? 0 : offset + 1,
      to: offset + result.items.length,
      items: result.items.map((agency) => this.agencyCard(agency, lang)),
      previousUrl: filter.page > 1 ? pageUrl(filter.page - 1) : null,
      nextUrl: offset + result.items.length < result.total ? pageUrl(filter.page + 1) : null,
      switchUrl: `/?${searchQuery(filter, lang === 'lo' ? 'en' : 'lo')}`,
    });
  }

  /** `/agencies/{id}`: the public profile and its timeline; an unknown or malformed id is a 404 page. */
  async agency(lang: Language, id: string): Promise<string> {
    if (!isUUID(id)) throw new NotFoundException();
    const agency = await this.agencies.detail(id);
    const card = this.agencyCard(agency, lang);
    return this.renderer.render('agency', lang, {
      title: card.primaryName,
      agency: card,
      licenceExpiresOn: agency.licenceExpiresOn,
      district: agency.district,
      trainedStaff: agency.trainedStaff,
      stage: agency.certification.stage,
      certificate: agency.certification.certificate && {
        ...agency.certification.certificate,
        reason: this.publicReason(lang, agency.certification.certificate),
        url: `/verify/${agency.certification.certificate.number}?lang=${lang}`,
        tone: VERDICT_TONE[agency.certification.certificate.status],
      },
      history: agency.history.map((event) => ({
        ...event,
        // publicEventOf keeps only a suspension's or a withdrawal's reasons.
        reason: pageReason(lang, event.reason, event.reasonLo),
        tone: eventTone(event.kind),
        certificateUrl: event.certificateNumber && `/verify/${event.certificateNumber}?lang=${lang}`,
      })),
      switchUrl: `/agencies/${id}?lang=${lang === 'lo' ? 'en' : 'lo'}`,
    });
  }

  /** `/verify`: check by number or by uploading the PDF. */
  verifyForm(lang: Language, error?: { key: string; number?: string }): string {
    return this.renderer.render('verify', lang, {
      title: this.renderer.text(lang, 'web.verify.title'),
      error: error && this.renderer.text(lang, error.key),
      number: error?.number ?? '',
      switchUrl: `/verify?lang=${lang === 'lo' ? 'en' : 'lo'}`,
    });
  }

  /** `/verify/{number}`, what a certificate's QR code opens: one unmistakable answer. */
  async verifyNumber(lang: Language, raw: string): Promise<{ html: string; found: boolean }> {
    const number = raw.trim().toUpperCase();
    const record = parseCertificateNumber(number) ? await this.findCertificate(number) : null;
    const html = this.renderer.render('verify-result', lang, {
      title: `${this.renderer.text(lang, 'web.verify.title')}: ${number}`,
      number,
      ...(await this.verdict(record?.certificate ?? null, lang, record?.licenceStatus)),
      switchUrl: `/verify/${encodeURIComponent(number)}?lang=${lang === 'lo' ? 'en' : 'lo'}`,
    });
    return { html, found: record !== null };
  }

  /**
   * The answer to an uploaded PDF: an IRIS certificate (and its status), a certificate of completion of
   * a training (told apart: it certifies a person's attendance, not the agency; the person is not named),
   * or not genuine.
   */
  async verifyUpload(lang: Language, file: Buffer): Promise<string> {
    const result: PdfVerificationDto = await this.certificates.verifyPdf(file);
    const { completion } = result;
    return this.renderer.render('verify-result', lang, {
      title: this.renderer.text(lang, 'web.verify.title'),
      upload: { genuine: result.genuine, sha256: result.sha256 },
      number: result.certificate?.number ?? '',
      ...(result.certificate
        ? await this.verdict(result.certificate, lang)
        : completion
          ? {
              tone: 'warn',
              verdict: 'completion',
              completion: {
                ...completion,
                agencyUrl: `/agencies/${completion.agency.id}?lang=${lang}`,
                primaryName: lang === 'lo' ? completion.agency.nameLo : completion.agency.nameEn,
                secondaryName: lang === 'lo' ? completion.agency.nameEn : completion.agency.nameLo,
              },
            }
          : { tone: 'bad', verdict: 'forged' }),
      switchUrl: `/verify?lang=${lang === 'lo' ? 'en' : 'lo'}`,
    });
  }

  private async findCertificate(number: string): Promise<PublicCertificateRecord | null> {
    try {
      return await this.certificates.publicRecord(number);
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }

  /**
   * The one answer of a verify page. A valid certificate of an agency whose licence is not active is
   * shown as a warning: the agency may not recruit, whatever its certificate says.
   */
  private async verdict(certificate: CertificateDto | null, lang: Language, knownLicence?: LicenceStatus) {
    if (!certificate) return { tone: 'bad', verdict: 'not_found' };
    const licenceStatus = knownLicence ?? (await this.agencies.licenceStatusOf(certificate.agency.id));
    const licenceInactive = licenceStatus !== null && licenceStatus !== LicenceStatus.Active;
    const tone = certificate.signatureValid ? VERDICT_TONE[certificate.status] : 'bad';
    return {
      tone: tone === 'ok' && licenceInactive ? 'warn' : tone,
      verdict: certificate.signatureValid ? certificate.status : 'bad_signature',
      licenceWarning: licenceInactive && certificate.status === CertificateStatus.Valid,
      certificate: {
        ...certificate,
        reason: this.publicReason(lang, certificate),
        licenceStatus,
        licenceTone: licenceStatus && LICENCE_TONE[licenceStatus],
        agencyUrl: `/agencies/${certificate.agency.id}?lang=${lang}`,
        primaryName: lang === 'lo' ? certificate.agency.nameLo : certificate.agency.nameEn,
        secondaryName: lang === 'lo' ? certificate.agency.nameEn : certificate.agency.nameLo,
        scope: lang === 'lo' ? certificate.scope.lo : certificate.scope.en,
        supersededByUrl: certificate.supersededBy && `/verify/${certificate.supersededBy}?lang=${lang}`,
      },
    };
  }

  /**
   * Free text only where it is public (a suspension or withdrawal), in the page's language; expiry and
   * replacement are told by the page's own words.
   */
  private publicReason(
    lang: Language,
    certificate: { status: CertificateStatus; statusReason: string | null; statusReasonLo: string | null },
  ) {
    if (!PUBLIC_REASON.has(certificate.status)) return null;
    return pageReason(lang, certificate.statusReason, certificate.statusReasonLo);
  }

  private agencyCard(agency: PublicAgencyDto, lang: Language) {
    return {
      id: agency.id,
      url: `/agencies/${agency.id}?lang=${lang}`,
      primaryName: lang === 'lo' ? agency.nameLo : agency.nameEn,
      secondaryName: lang === 'lo' ? agency.nameEn : agency.nameLo,
      secondaryLang: lang === 'lo' ? 'en' : 'lo',
      licenceNumber: agency.licenceNumber,
      provinceName: lang === 'lo' ? agency.provinceNameLo : agency.provinceNameEn,
      destinations: agency.destinationCountries
        .map((code) => this.renderer.countryName(lang, code))
        .join(', '),
      certification: agency.certification.status,
      certificationTone: CERTIFICATION_TONE[agency.certification.status],
      certificateNumber: agency.certification.certificate?.number ?? null,
      licenceStatus: agency.licenceStatus,
      licenceTone: LICENCE_TONE[agency.licenceStatus],
    };
  }
}

function eventTone(kind: PublicEventKind): string {
  if (kind === PublicEventKind.Certified || kind === PublicEventKind.Reinstated) return 'ok';
  if (kind === PublicEventKind.Suspended || kind === PublicEventKind.LicenceSuspended) return 'warn';
  if (kind === PublicEventKind.Withdrawn || kind === PublicEventKind.LicenceRevoked) return 'bad';
  return 'muted';
}

/** The search form's values, kept only when well-formed: a page's address is typed, shared and bookmarked. */
function searchFilter(params: SearchParams) {
  // Control characters (a NUL in a pasted link) are never part of a name.
  const text = (value: unknown) =>
    typeof value === 'string'
      ? value
          .replace(/\p{Cc}/gu, '')
          .trim()
          .normalize('NFC')
      : '';
  const page = Number.parseInt(text(params.page), 10);
  const province = text(params.province).toUpperCase();
  const country = text(params.country).toUpperCase();
  const certified = text(params.certified);
  return {
    q: text(params.q).slice(0, 100) || undefined,
    province: PROVINCES.some((p) => p.code === province) ? province : undefined,
    certified: certified === 'true' || certified === 'false' ? certified : '',
    country: /^[A-Z]{2}$/.test(country) ? country : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

function searchQuery(
  filter: ReturnType<typeof searchFilter> | Record<string, unknown>,
  lang: Language,
): string {
  const query = new URLSearchParams({ lang });
  for (const key of ['q', 'province', 'certified', 'country', 'page']) {
    const value = (filter as Record<string, unknown>)[key];
    if (value !== undefined && value !== '' && !(key === 'page' && String(value) === '1')) {
      query.set(key, String(value));
    }
  }
  return query.toString();
}
