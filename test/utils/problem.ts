import type { Response } from 'supertest';

/** Asserts an RFC 9457 problem-details answer and returns its body. */
export function expectProblem(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.body.type).toMatch(/^urn:problem:iris-lao:/);
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(res.body.code).toBe(code);
  return res.body as {
    detail: string;
    code: string;
    errors?: { field: string; message: string }[];
    existingId?: string;
  };
}
