import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { CertificationStage as Stage } from '../../src/common/certification-stage';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { type Schema, SchemaArbitraries } from '../utils/openapi-arbitrary';

/**
 * Property-based fuzzing driven by the app's own OpenAPI document: for every operation, requests built
 * to fit its parameters and body get a status the operation documents; hostile requests (any JSON, bare
 * strings and numbers, absurd ids, wrong content types, deep nesting) never get a 5xx, and every 4xx is
 * problem details. The seed is fixed (FUZZ_SEED overrides it) and the runs bounded, so a failure
 * reproduces; fast-check prints the smallest request that failed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** Runs per operation, for each kind of request. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface Op {
  method: string;
  path: string;
  operation: Operation;
}
interface Req {
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}
interface Answer {
  status: number;
  type: string;
  body: string;
}

/** Ids, numbers and strings no route expects, for path and query parameters. */
const HOSTILE_SCALARS = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e309',
    'NaN',
    'Infinity',
    '-Infinity',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '9'.repeat(400),
    '-9007199254740993',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    "' OR 1=1 --",
    '%E0%A4%A',
    'x'.repeat(5000),
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.string({ maxLength: 30, unit: 'grapheme' }).map(encodeURIComponent),
);

/** Bodies no route expects: any JSON, bare values, broken JSON, deep nesting. */
const HOSTILE_JSON = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', 'null', '0', '-1', '1e309', '"x"', '[]', '{', '{"a":}', '\u0000', 'NaN'),
  fc.integer({ min: 20, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 20, max: 3000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc
    .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 40 })
    .map((v) => JSON.stringify({ ...v, __proto__: { admin: true }, constructor: { prototype: { x: 1 } } })),
);

/** Field values no schema allows: too long, out of range, impossible dates, the wrong type. */
const HOSTILE_VALUES = fc.oneof(
  fc.constantFrom<unknown>(
    'x'.repeat(10_000),
    'ລາວ'.repeat(3_000),
    '\u0000',
    'a\u0000b',
    '\ud800',
    '2023-02-30',
    '2023-13-01',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '-000001-01-01',
    '1e309',
    '',
    ' ',
    "=cmd|' /c calc'!A1",
    '<script>alert(1)</script>',
    '00000000-0000-0000-0000-000000000000',
    -1,
    0,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 63),
    1e308,
    0.5,
    true,
    null,
    [],
    {},
    [null],
    { $ne: null },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The code a status can only come with. */
const EXPECTED_CODES: Record<number, string> = {
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const WRONG_TYPES = fc.constantFrom(
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/json; charset=latin1',
  'application/octet-stream',
  'image/png',
  '',
);

describe('fuzzing every operation of /docs-json', () => {
  let t: TestApp;
  let fastify: FastifyInstance;
  let admin: string;
  let ops: Op[];
  let schemas: SchemaArbitraries;
  /** Ids of real records (and certificate numbers), so that requests reach past the 404. */
  let ids: fc.Arbitrary<string>;
  let numbers: fc.Arbitrary<string>;
  let requests = 0;
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PUBLIC_RATE_LIMIT_PER_MINUTE: '0',
        API_RATE_LIMIT_PER_MINUTE: '0',
        LOGIN_MAX_FAILURES_PER_EMAIL: '100000',
        LOGIN_MAX_FAILURES_PER_IP: '100000',
      },
    });
    fastify = t.app.getHttpAdapter().getInstance();
    const signedIn = await t.fx.signIn([Role.Admin]);
    admin = signedIn.token;
    const auditor = await t.fx.user({ roles: [Role.Auditor] });
    await t.fx.caseIn(Stage.Certified, auditor);
    const rows: { id: string }[] = await t.db.query(
      `SELECT id::text FROM agencies UNION ALL SELECT id::text FROM trainings
       UNION ALL SELECT id::text FROM participants UNION ALL SELECT id::text FROM certification_cases
       UNION ALL SELECT id::text FROM audits UNION ALL SELECT id::text FROM findings
       UNION ALL SELECT id::text FROM users WHERE id <> $1`,
      [signedIn.user.id],
    );
    ids = fc.constantFrom(...rows.map((r) => r.id));
    const certificates: { number: string }[] = await t.db.query(`SELECT number FROM certificates`);
    numbers = fc.constantFrom(...certificates.map((r) => r.number));
    const doc = (await request(t.http).get('/docs-json').expect(200)).body;
    schemas = new SchemaArbitraries(doc.components);
    ops = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
      })),
    );
  });
  afterAll(async () => {
    // The numbers the closing note asks for.
    const tally = [...statuses]
      .sort()
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    console.warn(`fuzz: ${requests} requests (${tally}), seed ${SEED}, ${RUNS} runs per operation and kind`);
    await t.close();
  });

  const isPublic = (op: Op) => Array.isArray(op.operation.security) && op.operation.security.length === 0;

  async function send(op: Op, req: Req, token: string | null): Promise<Answer> {
    requests++;
    const headers = { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fastify.inject({
      method: op.method as 'GET',
      url: req.url,
      headers,
      payload: req.payload,
    });
    const key = `${res.statusCode}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), body: res.body };
  }

  /** A real record's id, or certificate number, for a path parameter. */
  const known = (p: Parameter): fc.Arbitrary<unknown> =>
    p.name === 'number'
      ? numbers
      : p.schema?.format === 'uuid'
        ? ids
        : schemas.of(p.schema ?? { type: 'string' });

  /** Requests that fit the operation's parameters and JSON body. */
  function validRequests(op: Op): fc.Arbitrary<Req> {
    const params = op.operation.parameters ?? [];
    const path = fc.record(
      Object.fromEntries(
        params
          .filter((p) => p.in === 'path')
          .map((p) => [p.name, fc.oneof(schemas.of(p.schema ?? { type: 'string' }), known(p))]),
      ),
    );
    const query = fc.record(
      Object.fromEntries(
        params
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, schemas.of(p.schema ?? { type: 'string' })]),
      ),
      { requiredKeys: params.filter((p) => p.in === 'query' && p.required).map((p) => p.name) },
    );
    const json = op.operation.requestBody?.content?.['application/json']?.schema;
    const body: fc.Arbitrary<unknown> = json ? schemas.of(json) : fc.constant(undefined);
    return fc.tuple(path, query, body).map(([p, q, b]): Req => ({
      url: url(op.path, p, q),
      headers: b === undefined ? {} : { 'content-type': 'application/json' as string },
      payload: b === undefined ? undefined : JSON.stringify(b),
    }));
  }

  /** Requests no operation should accept: hostile ids and queries, bodies and content types. */
  function hostileRequests(op: Op): fc.Arbitrary<Req> {
    const params = op.operation.parameters ?? [];
    const names = (where: string) => params.filter((p) => p.in === where).map((p) => p.name);
    const path = fc.record(
      Object.fromEntries(
        params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(HOSTILE_SCALARS, known(p))]),
      ),
    );
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom(...names('query'), 'limit', 'offset', '__proto__'),
        fc.string({ maxLength: 6 }),
      ),
      fc.oneof(HOSTILE_SCALARS, fc.array(HOSTILE_SCALARS, { minLength: 2, maxLength: 3 })),
      { maxKeys: 4 },
    );
    const json = op.operation.requestBody?.content?.['application/json']?.schema;
    const body = fc.oneof(
      HOSTILE_JSON.map((payload) => ({ type: 'application/json', payload })),
      fc.tuple(WRONG_TYPES, HOSTILE_JSON).map(([type, payload]) => ({ type, payload })),
      // A body that fits but for one field: past the parser and the shape, into validation and SQL.
      json
        ? spoiled(json).map((payload) => ({ type: 'application/json', payload }))
        : HOSTILE_JSON.map((payload) => ({ type: 'application/json', payload })),
    );
    return fc.tuple(path, query, body).map(([p, q, b]): Req => ({
      url: url(op.path, p, q, false),
      headers: b.type ? { 'content-type': b.type } : ({} as Record<string, string>),
      payload: b.payload,
    }));
  }

  /** A body that fits `schema` with one property (or one of its array's items) replaced by `HOSTILE_VALUES`. */
  function spoiled(schema: Schema): fc.Arbitrary<string> {
    return fc.tuple(schemas.of(schema), fc.nat(), HOSTILE_VALUES).map(([body, n, value]) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return JSON.stringify(value);
      const target = body as Record<string, unknown>;
      const keys = Object.keys(target);
      const key = keys.length > 0 ? keys[n % keys.length] : 'unexpected';
      const current = target[key];
      if (Array.isArray(current) && current.length > 0 && typeof current[0] === 'object') {
        const item = current[n % current.length] as Record<string, unknown>;
        const fields = Object.keys(item ?? {});
        if (item && fields.length > 0) item[fields[n % fields.length]] = value;
      } else {
        target[key] = value;
      }
      return JSON.stringify(target);
    });
  }

  function url(
    template: string,
    path: Record<string, unknown>,
    query: Record<string, unknown>,
    encode = true,
  ) {
    const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encode ? encodeURIComponent(String(path[name])) : String(path[name]),
    );
    const search = Object.entries(query)
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((item) => [k, item]) : v === undefined ? [] : [[k, v]]))
      .map(
        ([k, v]) =>
          `${encode ? encodeURIComponent(String(k)) : k}=${encode ? encodeURIComponent(String(v)) : v}`,
      )
      .join('&');
    return search ? `${filled}?${search}` : filled;
  }

  const describeAnswer = (op: Op, req: Req, res: Answer) =>
    `${op.method} ${req.url} (${req.headers['content-type'] ?? 'no body'}) → ${res.status} ${res.type}: ${res.body.slice(0, 300)}`;

  function expectProblemDetails(op: Op, req: Req, res: Answer) {
    if (res.status < 400) return;
    const context = describeAnswer(op, req, res);
    if (!/^application\/problem\+json/.test(res.type)) throw new Error(`not problem details: ${context}`);
    const problem = JSON.parse(res.body) as Record<string, unknown>;
    for (const field of ['type', 'title', 'code']) {
      if (typeof problem[field] !== 'string') throw new Error(`problem without ${field}: ${context}`);
    }
    if (problem.status !== res.status) throw new Error(`problem with another status: ${context}`);
    const expected = EXPECTED_CODES[res.status];
    if (expected && problem.code !== expected)
      throw new Error(`problem with code ${problem.code}: ${context}`);
  }

  it('covers the whole document', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.filter(isPublic).map((op) => op.operation.operationId)).toContain('login');
  });

  /**
   * Runs `check` on the answers to `requests(op)` for every operation, as an admin and, where the
   * operation is public, anonymously: one property an operation. Returns fast-check's report of each
   * that failed, with its smallest failing request.
   */
  async function fuzzEach(
    requests: (op: Op) => fc.Arbitrary<Req>,
    check: (op: Op, req: Req, res: Answer) => void,
  ): Promise<string[]> {
    const failures: string[] = [];
    for (const op of ops) {
      const tokens = isPublic(op) ? [admin, null] : [admin];
      const property = fc.asyncProperty(requests(op), fc.constantFrom(...tokens), async (req, token) =>
        check(op, req, await send(op, req, token)),
      );
      const details = await fc.check(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });
      if (details.failed) failures.push(fc.defaultReportMessage(details) ?? op.operation.operationId);
    }
    return failures;
  }

  it('answers requests that fit each operation with a documented status', async () => {
    const failures = await fuzzEach(validRequests, (op, req, res) => {
      const documented = String(res.status) in op.operation.responses || 'default' in op.operation.responses;
      if (!documented || res.status >= 500)
        throw new Error(`undocumented status: ${describeAnswer(op, req, res)}`);
      expectProblemDetails(op, req, res);
    });
    expect(failures).toEqual([]);
  }, 300_000);

  it('never answers hostile requests with a 5xx, and answers every 4xx with problem details', async () => {
    const failures = await fuzzEach(hostileRequests, (op, req, res) => {
      if (res.status >= 500) throw new Error(`server error: ${describeAnswer(op, req, res)}`);
      expectProblemDetails(op, req, res);
    });
    expect(failures).toEqual([]);
  }, 300_000);
});
