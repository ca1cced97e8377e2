import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { expectProblem } from '../utils/problem';

type Operation = {
  summary?: string;
  requestBody?: unknown;
  tags?: string[];
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};

const PUBLIC_OPERATIONS = [
  'login',
  'checkLiveness',
  'checkReadiness',
  'getPublicCertificate',
  'verifyCertificatePdf',
  'getSigningKeys',
  'listPublicAgencies',
  'getPublicAgency',
];

describe('the OpenAPI document at /docs-json', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
  let operations: [string, Operation][];
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(
        ([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation],
      ),
    );
  });
  afterAll(() => t.close());

  it('validates as OpenAPI 3', async () => {
    const api = await SwaggerParser.validate(structuredClone(doc) as never);
    expect((api as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('gives every operation a summary, a tag and a unique operationId', () => {
    const missing = operations.filter(([, op]) => !op.summary || !op.tags?.length || !op.operationId);
    expect(missing.map(([name]) => name)).toEqual([]);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('marks every signed-in operation with the bearer scheme, and only those', () => {
    for (const [name, op] of operations) {
      const isPublic = PUBLIC_OPERATIONS.includes(op.operationId as string);
      expect({ name, bearer: Boolean(op.security?.some((s) => 'bearer' in s)) }).toEqual({
        name,
        bearer: !isPublic,
      });
    }
  });

  it('documents error responses as problem details on every operation', () => {
    for (const [name, op] of operations) {
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect({ name, hasErrors: errors.length > 0 }).toEqual({ name, hasErrors: true });
      for (const [status, response] of errors) {
        const ref = response.content?.['application/problem+json']?.schema?.$ref;
        expect({ name, status, ref }).toEqual({ name, status, ref: '#/components/schemas/ProblemDto' });
      }
    }
  });

  it('documents 401 and 403 on every signed-in operation', () => {
    const signedIn = operations.filter(([, op]) => !PUBLIC_OPERATIONS.includes(op.operationId as string));
    for (const [name, op] of signedIn) {
      expect({ name, statuses: Object.keys(op.responses) }).toEqual({
        name,
        statuses: expect.arrayContaining(['401', '403']),
      });
    }
  });

  it('documents 413 and 415 on every operation that Fastify reads a body for, with or without one', async () => {
    const bodyless = operations.filter(([name, op]) => !name.startsWith('GET ') && !op.requestBody);
    expect(bodyless.map(([name]) => name)).toContain('POST /api/v1/jobs/{name}/runs');
    for (const [name, op] of operations.filter(([name]) => !name.startsWith('GET '))) {
      expect({ name, statuses: Object.keys(op.responses) }).toEqual({
        name,
        statuses: expect.arrayContaining(['413', '415']),
      });
    }
    // A body of a type no parser reads, sent to an operation that takes none.
    const token = await t.fx.tokenFor(Role.Admin);
    const res = await request(t.http)
      .post('/api/v1/jobs/licence-expiry/runs')
      .auth(token, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send('<run/>');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('describes DTO fields with examples, and enums by name', () => {
    const createUser = doc.components.schemas.CreateUserDto as {
      properties: Record<
        string,
        { example?: unknown; description?: string; $ref?: string; items?: { $ref?: string } }
      >;
      required: string[];
    };
    expect(createUser.required).toEqual(expect.arrayContaining(['email', 'name', 'password', 'roles']));
    expect(createUser.properties.email.example).toBe('somchai.phommachanh@molsw.gov.la');
    expect(createUser.properties.password.description).toMatch(/12 characters/);
    expect(doc.components.schemas.Role).toMatchObject({
      enum: ['admin', 'ministry', 'iom', 'trainer', 'auditor'],
    });
  });
});
