import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unavailableProblemOf } from '../common/database-outage';
import { DomainError, ProblemException, statusForDomainError } from '../common/errors';
import { pageLanguage } from '../common/i18n';
import { ConsolePages } from './console-pages';
import { problemMessage } from './forms';
import { type Staff, StaffSignInRequired, StaleFormError } from './staff';

const MESSAGES: Partial<Record<number, string>> = {
  [HttpStatus.FORBIDDEN]: 'console.error.forbidden',
  [HttpStatus.NOT_FOUND]: 'console.error.notFound',
  [HttpStatus.CONFLICT]: 'console.error.conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'console.error.tooLarge',
  [HttpStatus.TOO_MANY_REQUESTS]: 'console.error.tooMany',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'console.error.unavailable',
};

/**
 * Every error of a console page as a page in the person's language: not signed in (or no longer) sends
 * them to sign in, a forged or stale form is refused (403), others keep their status. htmx requests are
 * redirected with HX-Redirect, which htmx follows.
 */
@Catch()
export class StaffErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(StaffErrorsFilter.name);

  constructor(private readonly pages: ConsolePages) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    // The database down or frozen is a 503 with Retry-After, not a failure to report.
    const exception = unavailableProblemOf(thrown) ?? thrown;
    const request = host.switchToHttp().getRequest<FastifyRequest & { staff?: Staff }>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof StaffSignInRequired) {
      const to = `/staff/sign-in?next=${encodeURIComponent(exception.next)}${exception.reason === 'signedOut' ? '' : `&reason=${exception.reason}`}`;
      if (request.headers['hx-request']) {
        reply.status(200).header('HX-Redirect', to).send('');
        return;
      }
      reply.status(303).header('Location', to).header('Cache-Control', 'no-store').send();
      return;
    }
    const status =
      exception instanceof StaleFormError
        ? HttpStatus.FORBIDDEN
        : exception instanceof HttpException
          ? exception.getStatus()
          : exception instanceof DomainError
            ? statusForDomainError(exception.code)
            : (clientErrorOf(exception) ?? HttpStatus.INTERNAL_SERVER_ERROR);
    if (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error({ err: exception, requestId: request.id }, 'Console page failed');
    }
    const viewer = request.staff ?? pageLanguage(undefined, request.headers['accept-language']);
    const key =
      exception instanceof StaleFormError
        ? 'console.error.staleForm'
        : (MESSAGES[status] ?? (status >= 500 ? 'console.error.failed' : 'console.error.badRequest'));
    if (exception instanceof ProblemException) reply.headers(exception.headers);
    this.pages.send(
      reply,
      'error',
      viewer,
      {
        title: this.pages.text(viewer, 'console.error.title'),
        message: this.pages.text(viewer, key),
        detail:
          (exception instanceof ProblemException || exception instanceof DomainError) && status < 500
            ? problemMessage(
                typeof viewer === 'string' ? viewer : viewer.language,
                exception.code,
                exception.message,
              )
            : undefined,
        requestId: request.id,
      },
      status,
    );
  }
}

/** Fastify's own refusals (a file over the limit, a cut-off form) carry their 4xx status. */
function clientErrorOf(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
