import { type INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiResponse, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { problemResponse, UPLOAD_EXTENSION } from './api-docs';
import { RATE_LIMIT_EXTENSION } from './request-limits';

const TAGS: [string, string][] = [
  ['auth', 'Sign in with e-mail and password for a short-lived bearer token; who is signed in.'],
  ['users', 'User accounts and their roles (admin); the trainers and auditors staff assign.'],
  [
    'agencies',
    'The register of licensed recruitment agencies: licence data, status changes, import and export.',
  ],
  ['trainings', 'IRIS training workshops: days, trainers, participants, attendance, completion.'],
  ['certification', 'Certification cases of agencies: stages and moves, audits and findings.'],
  ['certificates', 'Issued IRIS certificates: status, signature and the issued PDF.'],
  ['public', 'Anyone, no account: search the registry and verify a certificate by number or PDF.'],
  ['reference', 'Reference data: the 18 provinces and the IRIS Standard criteria.'],
  ['reports', 'Programme figures and exports for the ministry and IOM.'],
  ['audit-log', 'Every change, by whom and when, with the record before and after.'],
  ['jobs', 'The scheduled jobs (licence expiry, certificate expiry, reminders) and their runs.'],
  ['health', 'Liveness and readiness for load balancers and orchestrators.'],
];

/**
 * The OpenAPI document: the contract clients are written against. Built from the controllers and DTOs
 * (the Swagger CLI plugin reads their JSDoc and validators).
 */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  if (process.env.SWAGGER_PLUGIN_METADATA === '1') await loadGeneratedMetadata();
  const builder = new DocumentBuilder()
    .setTitle('IRIS Lao PDR — recruitment-agency certification')
    .setDescription(
      'Register of licensed labour-recruitment agencies in Lao PDR and their IRIS ethical-recruitment ' +
        'certification, for the Ministry of Labour and Social Welfare and IOM. Errors are RFC 9457 problem details.',
    )
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'The accessToken from POST /api/v1/auth/login: a JWT signed with HS256 and a short lifetime ' +
        '(JWT_TTL), read as RFC8725 (JWT best current practices) advises: one algorithm accepted, an expiry ' +
        'required, the account checked on every request.',
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (_controller: string, method: string) => method,
  });
  // Every deployment (production, staging or a local trial) serves its own document: paths are relative
  // to the host serving it. The API is meant for integrations outside the ministry too.
  document.servers = [
    {
      url: '/',
      description: 'The deployment serving this document (production, staging or local)',
      'x-internal': false,
    },
  ] as unknown as OpenAPIObject['servers'];
  return strictForOpenApi303(document);
}

/**
 * What Swagger writes loosely, made exact for strict OpenAPI 3.0.3 readers (validating proxies, Ajv,
 * generated clients): nullable references, public operations, file uploads.
 */
function strictForOpenApi303(document: OpenAPIObject): OpenAPIObject {
  walk(document.components?.schemas, nullableReference);
  walk(document.paths, nullableReference);
  for (const operations of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(operations) as [string, Operation][]) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      // The global guard lets a route through without a token only when it is @Public(): say so.
      operation.security ??= [];
      const upload = operation[UPLOAD_EXTENSION];
      if (upload) {
        operation.requestBody = fileBody(upload.description, upload.types);
        delete operation[UPLOAD_EXTENSION];
      }
      addSharedResponses(method, operation);
      if (operation[RATE_LIMIT_EXTENSION]) {
        addRateLimitHeaders(operation, operation[RATE_LIMIT_EXTENSION]);
        delete operation[RATE_LIMIT_EXTENSION];
      }
    }
  }
  return document;
}

interface Operation {
  responses?: Record<string, { description?: string; headers?: Record<string, object> }>;
  security?: object[];
  requestBody?: object;
  [UPLOAD_EXTENSION]?: { description: string; types: string[] };
  [RATE_LIMIT_EXTENSION]?: 'address' | 'account';
}

/** The IETF RateLimit headers every answer of a rate-limited operation carries (request-limits.ts). */
function addRateLimitHeaders(operation: Operation, scope: 'address' | 'account'): void {
  const per = scope === 'address' ? 'client address' : 'signed-in account';
  const integer = { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 };
  const headers = {
    'RateLimit-Limit': { description: `Requests allowed a minute per ${per}`, schema: integer },
    'RateLimit-Remaining': { description: 'Requests left in the current minute', schema: integer },
    'RateLimit-Reset': { description: 'Seconds until the budget is renewed', schema: integer },
  };
  for (const [status, response] of Object.entries(operation.responses!)) {
    if (/^[24]/.test(status)) response.headers = { ...response.headers, ...headers };
  }
}

/**
 * Answers any operation can give, from mechanisms shared by every route (app.setup.ts): the conditional
 * GET (ETag, 304), the body limit and content types (413, 415), the error filter's generic 500, and its
 * 503 when the database is down or frozen.
 */
function addSharedResponses(method: string, operation: Operation): void {
  const responses = operation.responses!;
  responses['500'] ??= problemResponse(500);
  responses['503'] ??= problemResponse(503);
  // Fastify reads a body sent to any method but GET and HEAD, even where the operation takes none.
  if (operation.requestBody || (method !== 'get' && method !== 'head')) {
    responses['413'] ??= problemResponse(413);
    responses['415'] ??= problemResponse(415);
  }
  if (method !== 'get') return;
  const etag = {
    description: 'The entity tag of the answer; send it as If-None-Match to revalidate',
    schema: { type: 'string' },
  };
  const ok = responses['200'];
  if (ok) ok.headers = { ...ok.headers, ETag: etag };
  responses['304'] ??= {
    description: 'Not Modified: the If-None-Match tag still matches',
    headers: { ETag: etag },
  };
}

/**
 * `nullable` acts only beside `type` in the same schema object (OpenAPI 3.0.3), so Swagger's
 * `{nullable: true, allOf: [{$ref}]}` reads as "never null", and with `type: object` beside it the `allOf`
 * still refuses null. Written as "the reference, or null".
 */
function nullableReference(schema: Record<string, unknown>): void {
  if (schema.nullable !== true || (schema.type !== undefined && schema.type !== 'object')) return;
  const target =
    (schema.allOf as object[] | undefined)?.length === 1
      ? (schema.allOf as object[])[0]
      : schema.$ref
        ? { $ref: schema.$ref }
        : null;
  if (!target) return;
  // The null branch takes the type the reference has (an object, or a string enum): null is all it allows.
  const type = schema.type ?? 'string';
  delete schema.nullable;
  delete schema.type;
  delete schema.allOf;
  delete schema.$ref;
  schema.anyOf = [target, { type, nullable: true, enum: [null] }];
}

function walk(node: unknown, visit: (schema: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((item) => walk(item, visit));
  if (node === null || typeof node !== 'object') return;
  visit(node as Record<string, unknown>);
  for (const value of Object.values(node)) walk(value, visit);
}

/** One file: a raw body of one of `types`, or the multipart field `file` (Swagger UI shows a file picker). */
function fileBody(description: string, types: string[]) {
  const file = { type: 'string', format: 'binary' };
  return {
    required: true,
    description,
    content: {
      ...Object.fromEntries(types.map((type) => [type, { schema: file }])),
      'multipart/form-data': {
        schema: { type: 'object', required: ['file'], properties: { file } },
      },
    },
  };
}

type GeneratedMetadata = {
  '@nestjs/swagger': {
    controllers: [
      Promise<Record<string, { prototype: object }>>,
      Record<string, Record<string, { type?: unknown }>>,
    ][];
  };
};

/**
 * Under SWC (the tests) the Swagger plugin cannot run at compile time; its output was generated into
 * src/metadata.ts. Loaded that way, Swagger leaves out a method's success response when the method
 * already declares others (its problem details), where the compiled plugin writes both: add it as the
 * plugin does, so tests check answers against the same document production serves.
 */
async function loadGeneratedMetadata(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: metadata } = require('../metadata') as { default: () => Promise<GeneratedMetadata> };
  const generated = await metadata();
  await SwaggerModule.loadPluginMetadata(() => Promise.resolve(generated));
  for (const [file, controllers] of generated['@nestjs/swagger'].controllers) {
    const classes = await file;
    for (const [name, methods] of Object.entries(controllers)) {
      const prototype = classes[name].prototype as Record<string, object>;
      for (const [key, { type }] of Object.entries(methods)) {
        if (type === undefined) continue;
        const handler = prototype[key];
        const status: number =
          Reflect.getMetadata(HTTP_CODE_METADATA, handler) ??
          (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200);
        const declared = Reflect.getMetadata('swagger/apiResponse', handler) as
          Record<string, unknown> | undefined;
        if (declared?.[status]) continue;
        ApiResponse({ status, type: type as never })(
          prototype,
          key,
          Object.getOwnPropertyDescriptor(prototype, key)!,
        );
      }
    }
  }
}
