import { Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiFileUpload, ApiProblems } from '../common/api-docs';
import { etagMatches } from '../common/http-cache';
import { Auth, Public } from '../common/auth.decorators';
import { PublicRateLimit } from '../common/request-limits';
import { readUpload } from '../common/uploads';
import { ValidationFailedException } from '../common/errors';
import { CertificateNumberPipe } from './certificate-number.pipe';
import {
  CertificateDetailDto,
  CertificateDto,
  CertificatePageDto,
  CertificateQueryDto,
  PdfVerificationDto,
  SigningKeySetDto,
} from './certificates.dto';
import { CertificatesService } from './certificates.service';

const NUMBER_PARAM = ApiParam({
  name: 'number',
  schema: { type: 'string', pattern: '^IRIS-LA-\\d{4}-\\d{4,}$', maxLength: 20 },
  example: 'IRIS-LA-2026-0001',
  description: 'The certificate number',
});

const CertificateNumber = () => Param('number', new CertificateNumberPipe());

@ApiTags('certificates')
@ApiProblems(400, 500)
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** Issued certificates, newest first; filter by status (as it reads today) or agency. */
  @Get()
  @Auth()
  listCertificates(@Query() query: CertificateQueryDto): Promise<CertificatePageDto> {
    return this.certificates.list(query);
  }

  /** One certificate with its status, signature and the case it came from. */
  @Get(':number')
  @Auth()
  @NUMBER_PARAM
  @ApiProblems(404)
  getCertificate(@CertificateNumber() number: string): Promise<CertificateDetailDto> {
    return this.certificates.detail(number);
  }

  /** The issued PDF, byte for byte as issued (its SHA-256 is the certificate's `pdfSha256`). */
  @Get(':number/pdf')
  @Auth()
  @NUMBER_PARAM
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The certificate PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(404)
  async getCertificatePdf(
    @CertificateNumber() number: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const { pdf, sha256 } = await this.certificates.pdf(number);
    const etag = `"${sha256}"`;
    // The issued file never changes: browsers and phones may keep it, but only for the signed-in user.
    reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `inline; filename="${number}.pdf"`)
      .header('Cache-Control', 'private, max-age=86400, immutable')
      .header('ETag', etag);
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.status(304);
      return undefined;
    }
    return pdf;
  }
}

@ApiTags('public')
@ApiProblems(400, 500)
@PublicRateLimit()
@Controller('public')
export class PublicCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** Check a certificate by its number: its current status and reason, the agency, the dates and whether its signature is valid. */
  @Get('certificates/:number')
  @Public()
  @NUMBER_PARAM
  // Always revalidated: a suspension or withdrawal must show at once, never from a cache.
  @Header('Cache-Control', 'no-cache')
  @ApiProblems(404)
  getPublicCertificate(@CertificateNumber() number: string): Promise<CertificateDto> {
    return this.certificates.publicView(number);
  }

  /** Check a PDF: is it, byte for byte, an IRIS certificate (and its status now) or a certificate of completion this service issued? */
  @Post('certificates/verify-pdf')
  @Public()
  @HttpCode(200)
  @ApiFileUpload('The PDF (up to 5 MB), as the body or as the multipart field `file`', [
    'application/pdf',
    'application/octet-stream',
  ])
  @ApiProblems(413, 415)
  async verifyCertificatePdf(@Req() request: FastifyRequest): Promise<PdfVerificationDto> {
    const file = await readUpload(request, 'the PDF file', ['application/pdf', 'application/octet-stream']);
    if (file.length === 0) {
      throw new ValidationFailedException([{ field: 'file', message: 'the file is empty' }]);
    }
    return this.certificates.verifyPdf(file);
  }

  /** The public keys that sign certificates, as a JWK set; keys used before a rotation stay listed. */
  @Get('keys')
  @Public()
  @Header('Cache-Control', 'no-cache')
  getSigningKeys(): Promise<SigningKeySetDto> {
    return this.certificates.keySet();
  }
}
