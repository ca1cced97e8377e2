import request, { type Response } from 'supertest';
import type { App } from 'supertest/types';

/** Requests signed in with `token`, under the API prefix: `as(t.http, token).get('/agencies')`. */
export function as(http: App, token: string) {
  const signed = (method: 'get' | 'post' | 'patch' | 'put') => (path: string) =>
    request(http)[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
  return { get: signed('get'), post: signed('post'), patch: signed('patch'), put: signed('put') };
}

/** A supertest parser that collects a binary body (a PDF) into a Buffer: `.buffer(true).parse(binary)`. */
export function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
