import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CertificateNumberPipe } from '../certificates/certificate-number.pipe';
import { CertificateStatus } from '../certificates/certificate-status';
import { CertificateQueryDto } from '../certificates/certificates.dto';
import { CertificatesService } from '../certificates/certificates.service';
import { qrSvg } from '../pdf/qr';
import { CasePages } from './case-pages';
import { ConsolePages } from './console-pages';
import { text, validateForm } from './forms';
import { optionsOf, pageOf, pagerOf } from './listing';
import { CurrentStaff, type Staff, StaffController } from './staff.decorators';

const CertificateNumber = () => Param('number', new CertificateNumberPipe());

/** Issued certificates: the list, one certificate with its PDF, its public verify link and QR code. */
@StaffController()
@Controller('staff/certificates')
export class StaffCertificatesController {
  constructor(
    private readonly pages: ConsolePages,
    private readonly casePages: CasePages,
    private readonly certificates: CertificatesService,
  ) {}

  @Get()
  async listCertificates(
    @CurrentStaff() staff: Staff,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const paging = pageOf(query);
    const typed = text(query.agency);
    const agency = await this.casePages.agencyFilter(staff, typed);
    const filters = await validateForm(CertificateQueryDto, {
      status: text(query.status),
      agencyId: agency.id,
      ...paging,
    }).catch(() => null);
    const page = filters && !agency.error ? await this.certificates.list(filters) : { items: [], total: 0 };
    return this.pages.send(reply, 'certificates-list', staff, {
      title: this.pages.text(staff, 'console.certificates.title'),
      section: 'certificates',
      certificates: page.items.map((c) => ({
        ...c,
        agencyName: staff.language === 'lo' ? c.agency.nameLo : c.agency.nameEn,
      })),
      pager: pagerOf('/staff/certificates', query, page.total, paging),
      statuses: optionsOf(
        Object.values(CertificateStatus),
        (s) => this.pages.text(staff, `web.certificateStatus.${s}`),
        text(query.status),
      ),
      agency: typed ?? '',
      agencyError: agency.error,
      agencies: await this.casePages.agencyChoices(staff, false),
    });
  }

  @Get(':number')
  async showCertificate(
    @CurrentStaff() staff: Staff,
    @CertificateNumber() number: string,
    @Res() reply: FastifyReply,
  ) {
    const certificate = await this.certificates.detail(number);
    const verifyPath = `/verify/${certificate.number}`;
    return this.pages.send(reply, 'certificates-certificate', staff, {
      title: certificate.number,
      section: 'certificates',
      certificate,
      agencyName: staff.language === 'lo' ? certificate.agency.nameLo : certificate.agency.nameEn,
      reasonLo: staff.language === 'lo' && certificate.statusReasonLo,
      verifyPath,
      verifyUrl: certificate.verifyUrl || verifyPath,
      // The QR code the PDF carries: the public verify address.
      qr: qrSvg(
        certificate.verifyUrl || verifyPath,
        this.pages.text(staff, 'console.certificates.qrLabel', { number: certificate.number }),
      ),
    });
  }

  /** The issued PDF, byte for byte (as `GET /certificates/{number}/pdf`). */
  @Get(':number/pdf')
  async certificatePdf(@CertificateNumber() number: string, @Res() reply: FastifyReply) {
    const { pdf } = await this.certificates.pdf(number);
    return reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="${number}.pdf"`)
      .header('Cache-Control', 'private, no-store')
      .send(pdf);
  }
}
