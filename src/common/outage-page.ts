import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageLanguage } from './i18n';
import { requestIdOf } from './request-id';
import { Views } from './views';

/** Paths that answer JSON (or files) rather than pages: the API, health checks, the API docs, assets. */
const MACHINE_PATHS = /^\/(api|health|docs|assets|fonts)(\/|$|-|\?)/;

/** Whether the request is for a page (the public registry or the staff console), not the API. */
export function wantsPage(request: FastifyRequest): boolean {
  return !MACHINE_PATHS.test(request.url ?? '/');
}

let views: Views | undefined;

/** The public registry's error page saying the service is unavailable for a moment (503 + Retry-After). */
export function sendOutagePage(
  request: FastifyRequest,
  reply: FastifyReply,
  headers: Record<string, string>,
): void {
  sendErrorPage(request, reply, { status: 503, message: 'web.error.unavailable', headers });
}

/**
 * The public registry's error page, in the reader's language, for a refusal made before any route runs
 * (an outage, the per-address rate limit): `message` names its wording, `headers` go with it.
 */
export function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  { status, message, headers }: { status: number; message: string; headers: Record<string, string> },
): void {
  const query = (request.query ?? {}) as { lang?: string };
  const lang = pageLanguage(query.lang, request.headers['accept-language']);
  views ??= new Views('pages');
  const html = views.render('error', lang, {
    title: views.text(lang, 'web.error.title'),
    heading: views.text(lang, 'web.error.title'),
    message: views.text(lang, message),
    switchUrl: `/?lang=${lang === 'lo' ? 'en' : 'lo'}`,
  });
  reply.removeHeader('etag');
  reply
    .status(status)
    .headers(headers)
    .header('Cache-Control', 'no-store')
    .header('X-Request-Id', requestIdOf(request))
    .type('text/html; charset=utf-8')
    .send(html);
}
