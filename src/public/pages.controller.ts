import {
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpException,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth.decorators';
import { PublicRateLimit } from '../common/request-limits';
import { readUpload } from '../common/uploads';
import { parseCertificateNumber } from '../certificates/certificate-number';
import { PageErrorsFilter } from './page-errors.filter';
import { pageLanguage } from '../common/i18n';
import { PagesService, type SearchParams } from './pages.service';

const HTML = 'text/html; charset=utf-8';

/**
 * The public web pages: search the registry and verify a certificate, in Lao and
 * English, server-rendered and working without JavaScript. Not part of the JSON API, so not in OpenAPI.
 */
@ApiExcludeController()
@Public()
@PublicRateLimit()
@UseFilters(PageErrorsFilter)
@Controller()
export class PagesController {
  constructor(private readonly pages: PagesService) {}

  @Get()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'public, max-age=60')
  @Header('Vary', 'Accept-Language')
  home(@Query() query: SearchParams & { lang?: string }, @Headers('accept-language') accept?: string) {
    return this.pages.home(pageLanguage(query.lang, accept), query);
  }

  @Get('agencies/:id')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'public, max-age=60')
  @Header('Vary', 'Accept-Language')
  /** An unknown or malformed id is a 404 page (PageErrorsFilter). */
  agency(
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') accept: string | undefined,
  ) {
    return this.pages.agency(pageLanguage(lang, accept), id);
  }

  @Get('verify')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-cache')
  @Header('Vary', 'Accept-Language')
  verifyForm(
    @Query() query: { number?: string; lang?: string },
    @Headers('accept-language') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const lang = pageLanguage(query.lang, accept);
    if (typeof query.number === 'string' && query.number.trim() !== '') {
      const number = query.number.trim().toUpperCase();
      if (parseCertificateNumber(number)) {
        reply.redirect(`/verify/${number}?lang=${lang}`, 303);
        return undefined;
      }
      reply.status(400);
      return this.pages.verifyForm(lang, { key: 'web.verify.badNumber', number: query.number.slice(0, 40) });
    }
    return this.pages.verifyForm(lang);
  }

  /** What a certificate's QR code opens. Never cached: a suspension or withdrawal shows at once. */
  @Get('verify/:number')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-cache')
  @Header('Vary', 'Accept-Language')
  async verifyNumber(
    @Param('number') number: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { html, found } = await this.pages.verifyNumber(pageLanguage(lang, accept), number);
    if (!found) reply.status(404);
    return html;
  }

  /** The /verify form's upload (multipart field `file`): is this PDF the genuine issued file? */
  @Post('verify')
  @HttpCode(200)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async verifyUpload(
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const language = pageLanguage(lang, accept);
    let file: Buffer;
    try {
      file = await readUpload(request, 'the PDF file', ['application/pdf', 'application/octet-stream']);
    } catch (error) {
      const status = clientErrorStatus(error);
      if (!status) throw error;
      reply.status(status);
      return this.pages.verifyForm(language, {
        key: status === 413 ? 'web.verify.tooLarge' : 'web.verify.noFile',
      });
    }
    if (file.length === 0) {
      reply.status(400);
      return this.pages.verifyForm(language, { key: 'web.verify.emptyFile' });
    }
    return this.pages.verifyUpload(language, file);
  }
}

/** The 4xx status of an upload the client got wrong (ours or Fastify's, such as a file over 5 MB); else null. */
function clientErrorStatus(error: unknown): number | null {
  if (error instanceof HttpException) return error.getStatus();
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  return code?.startsWith('FST_') && statusCode && statusCode < 500 ? statusCode : null;
}
