import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../common/errors';
import { pageLanguage } from '../common/i18n';
import { PageRenderer } from './page-renderer';

/** The wording of an error page by status; anything else reads as a bad request. */
const MESSAGES: Partial<Record<number, string>> = {
  [HttpStatus.NOT_FOUND]: 'web.error.notFound',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'web.verify.tooLarge',
  [HttpStatus.TOO_MANY_REQUESTS]: 'web.error.tooMany',
};

/**
 * A person on a public page gets a page, not problem+json: refusals of the page routes are rendered in
 * the page's language, with the same status and headers (Retry-After). The rate limit's 429 comes before
 * any route runs, as the same page (`sendErrorPage`, common/request-limits.ts).
 */
@Catch(HttpException)
export class PageErrorsFilter implements ExceptionFilter {
  constructor(private readonly renderer: PageRenderer) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest<{ Querystring: { lang?: string } }>>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const lang = pageLanguage(request.query?.lang, request.headers['accept-language']);
    const status = exception.getStatus();
    const html = this.renderer.render('error', lang, {
      title: this.renderer.text(lang, 'web.error.title'),
      heading: this.renderer.text(lang, 'web.error.title'),
      message: this.renderer.text(lang, MESSAGES[status] ?? 'web.error.badRequest'),
      switchUrl: `/?lang=${lang === 'lo' ? 'en' : 'lo'}`,
    });
    reply.removeHeader('etag');
    reply
      .status(status)
      .headers(exception instanceof ProblemException ? exception.headers : {})
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
