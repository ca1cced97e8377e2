import etag from '@fastify/etag';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** RFC 9110 If-None-Match: a list of (weak or strong) entity tags, or `*`; compared weakly. */
export function etagMatches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = tag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === opaque;
  });
}

/**
 * ETags on successful GET answers (@fastify/etag hashes the body), and 304 when the client holds the
 * same one. Only a 200 to GET or HEAD is validated (RFC 9110 §13.1.2): errors and POST answers get
 * no ETag, so a cache never keeps them and a POST is never answered 304.
 */
export async function registerConditionalGet(app: NestFastifyApplication): Promise<void> {
  await app.register(etag, { replyWith304: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    const tag = reply.getHeader('etag');
    if (typeof tag !== 'string' || reply.statusCode === 304) return payload;
    if (reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) {
      reply.removeHeader('etag');
      return payload;
    }
    if (!etagMatches(request.headers['if-none-match'], tag)) return payload;
    reply.code(304);
    return '';
  });
}
