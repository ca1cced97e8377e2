import request from 'supertest';
import type { App } from 'supertest/types';

/** Requests signed in with `token`, under the API prefix: `as(t.http, token).get('/agencies')`. */
export function as(http: App, token: string) {
  const signed = (method: 'get' | 'post' | 'patch' | 'put') => (path: string) =>
    request(http)[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
  return { get: signed('get'), post: signed('post'), patch: signed('patch'), put: signed('put') };
}
