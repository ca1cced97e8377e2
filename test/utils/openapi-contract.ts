import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Holds every answer the app gives under test against its own OpenAPI document (`/docs-json`), read
 * strictly as OpenAPI 3.0.3: `nullable` counts only beside `type`, unknown keywords are errors, formats
 * are checked. The status and media type must be documented for the operation, a JSON body must match
 * its schema, and documented headers (Retry-After) must be declared. A mismatch is recorded against the
 * test that received it, which then fails (test/setup-contract.ts).
 */

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface ContractViolation {
  request: string;
  status: number;
  problem: string;
}

const violations: ContractViolation[] = [];
let checked = 0;

/** The violations recorded since the last call (the current test's), and clears them. */
export function takeViolations(): ContractViolation[] {
  return violations.splice(0, violations.length);
}

/** How many answers were validated in this worker so far. */
export function answersChecked(): number {
  return checked;
}

/** Headers whose presence in an answer must be documented for that answer. */
const DOCUMENTED_HEADERS = ['retry-after'];

class Contract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Document) {
    this.ajv = new Ajv({ strict: true, allErrors: true, discriminator: true, validateFormats: true });
    addFormats(this.ajv, ['date', 'date-time', 'uuid', 'email', 'uri', 'ipv4', 'ipv6', 'int32', 'int64']);
    this.ajv.addFormat('binary', true);
    // 'components' holds the document's schemas, registered below and reached through $refs.
    this.ajv.addVocabulary(['example', 'externalDocs', 'xml', 'components', ...extensionsIn(doc)]);
    this.ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
  }

  check(method: string, route: string, status: number, type: string, headers: string[], body?: string) {
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return `${method} ${path} is not in the document`;
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!response) return `status ${status} is not documented for ${operation.operationId}`;
    for (const header of DOCUMENTED_HEADERS) {
      const declared = Object.keys(response.headers ?? {}).some((h) => h.toLowerCase() === header);
      if (headers.includes(header) && !declared) return `header ${header} is not documented for ${status}`;
    }
    if (status === 204 || status === 304 || body === '') return null;
    const mediaType = type.split(';')[0].trim().toLowerCase();
    const content = response.content ?? {};
    const declared = Object.keys(content).find((t) => t.toLowerCase() === mediaType);
    if (!declared) return `${mediaType} is not documented for ${status} (${Object.keys(content).join(', ')})`;
    if (!/json$/.test(mediaType) || body === undefined) return null;
    const schema = content[declared].schema;
    if (!schema) return `no schema for ${mediaType} ${status}`;
    const validate = this.validator(`${path} ${method} ${status} ${declared}`, schema);
    if (validate(JSON.parse(body))) return null;
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('; ');
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      const rewritten = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'),
      );
      validate = this.ajv.compile(rewritten);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** The `x-…` extension keywords the document uses (Swagger writes `x-enumNames`): annotations, not rules. */
function extensionsIn(node: unknown, found = new Set<string>()): string[] {
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      extensionsIn(value, found);
    }
  }
  return [...found];
}

let shared: Promise<Contract> | undefined;

/** Validates every answer of `fastify` against `document`, the one the app serves at /docs-json. */
export function enforceContract(fastify: FastifyInstance, document: () => Promise<object>): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route || !isApi(route)) return payload;
    let problem: string | null;
    try {
      // Built once per worker: every test app serves the same document.
      shared ??= document().then((doc) => new Contract(structuredClone(doc) as Document));
      const contract = await shared;
      // A stream (a file download) is checked for its status and media type only.
      const body =
        payload == null
          ? ''
          : typeof payload === 'string' || Buffer.isBuffer(payload)
            ? String(payload)
            : undefined;
      const headers = Object.keys(reply.getHeaders()).map((h) => h.toLowerCase());
      const type = String(reply.getHeader('content-type') ?? '');
      problem = contract.check(request.method, route, reply.statusCode, type, headers, body);
    } catch (error) {
      problem = `cannot be checked: ${(error as Error).message}`;
    }
    checked++;
    if (problem) {
      violations.push({ request: `${request.method} ${request.url}`, status: reply.statusCode, problem });
    }
    return payload;
  });
}

/** The JSON API and health: what the document describes (pages, assets and Swagger UI are not in it). */
function isApi(route: string): boolean {
  return route.startsWith('/api/') || route.startsWith('/health');
}
