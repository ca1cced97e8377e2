import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiExtraModels, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorCode } from './errors';
import { ProblemDto } from './problem.dto';

interface ProblemExample {
  description: string;
  code: ErrorCode;
  detail: string;
  errors?: { field: string; message: string; code: string; params?: Record<string, number> }[];
  /** A header the answer carries (Retry-After on 429 and 503). */
  retryAfter?: string;
}

/** Why any operation may answer 503, after `cause` ("The database", or the route's own first cause). */
function unavailable(cause: string): string {
  return `${cause} is down, frozen or busy past its time limits, or the request met another changing the same records at the same moment and was undone (nothing of it saved); \`Retry-After\` says when to try again`;
}

const PROBLEMS: Record<number, ProblemExample> = {
  400: {
    description:
      'Invalid input: a malformed body, id or query, an unknown field, or failed validation (each field listed in `errors`)',
    code: ErrorCode.ValidationFailed,
    detail: 'The request has invalid fields; see errors.',
    errors: [
      { field: 'nameEn', message: 'Name in English is required', code: 'required' },
      {
        field: 'district',
        message: 'District must be at most 100 characters long',
        code: 'maxLength',
        params: { max: 100 },
      },
    ],
  },
  401: {
    description: 'Not signed in, or the token is invalid, expired or belongs to a deactivated account',
    code: ErrorCode.Unauthenticated,
    detail: 'Sign in first: send the access token as "Authorization: Bearer <token>".',
  },
  403: {
    description: 'Signed in, but this role or user may not do this',
    code: ErrorCode.Forbidden,
    detail: 'This needs one of the roles: ministry.',
  },
  404: {
    description: 'No such resource',
    code: ErrorCode.NotFound,
    detail: 'No agency with id 3b1f0c9e-8a7d-4e2b-9c1a-5d6e7f8a9b0c',
  },
  409: {
    description:
      'Conflicts with the current state: a duplicate, a refused workflow step, or a stale `version`',
    code: ErrorCode.StaleVersion,
    detail: 'The agency was changed by someone else (version 4, you sent 3); reload it and try again.',
  },
  413: {
    description: 'The body is too large',
    code: ErrorCode.PayloadTooLarge,
    detail: 'The body is larger than 5 MB.',
  },
  414: {
    description: 'The path is too long',
    code: ErrorCode.MalformedRequest,
    detail: 'The request path is too long.',
  },
  415: {
    description: 'The body has an unsupported content type',
    code: ErrorCode.UnsupportedMediaType,
    detail: 'Send the CSV file as a text/csv body or as the multipart/form-data field "file".',
  },
  429: {
    description: 'Too many requests or sign-in attempts; `Retry-After` says how many seconds to wait',
    code: ErrorCode.TooManyRequests,
    detail: 'Too many requests from your address. Wait a minute (see Retry-After) and try again.',
    retryAfter: 'Seconds to wait before trying again',
  },
  500: {
    description: 'Unexpected error; the body carries the request id and nothing internal',
    code: ErrorCode.Internal,
    detail: 'Internal Server Error',
  },
  503: {
    description: unavailable('The database'),
    code: ErrorCode.Unavailable,
    detail: 'The database is not answering right now. Try again in a few seconds (see Retry-After).',
    retryAfter: 'Seconds to wait before trying again',
  },
};

/** Declares problem-details (RFC 9457) responses for the given statuses, each with a real example. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}

/**
 * A 503 a route gives beyond the database's own: `cause`, too much of one kind of work at once ("Too
 * many imports are running on this server at once"). An operation has one 503 answer, so its
 * description names both causes; the example is the route's own refusal, `detail`.
 */
export function ApiBusy(cause: string, detail: string) {
  const description = `${cause}; or, as on any operation, ${unavailable('the database')}`;
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({ status: 503, ...problemResponse(503, { description, detail }) }),
  );
}

/** The OpenAPI response object of a problem-details answer with `status` (worded otherwise by `override`). */
export function problemResponse(status: number, override: Partial<ProblemExample> = {}) {
  const problem = { ...PROBLEMS[status], ...override };
  return {
    description: problem.description,
    ...(problem.retryAfter
      ? {
          headers: {
            'Retry-After': {
              description: problem.retryAfter,
              schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
            },
          },
        }
      : {}),
    content: {
      'application/problem+json': {
        schema: { $ref: getSchemaPath(ProblemDto) },
        example: exampleOf(status, problem),
      },
    },
  };
}

function exampleOf(status: number, { code, detail, errors }: ProblemExample) {
  return {
    type: `urn:problem:iris-lao:${code.toLowerCase().replace(/_/g, '-')}`,
    title: PHRASES[status],
    status,
    detail,
    instance: '/api/v1/agencies',
    code,
    requestId: '5f0c2a8e-5d1b-4b7e-9f2a-1c1e0f6b9a11',
    ...(errors ? { errors } : {}),
  };
}

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A Lao calendar day written YYYY-MM-DD (OpenAPI `format: date`), on a response field. */
export const ApiDate = () => ApiProperty({ type: String, format: 'date' });

/** Marks an upload operation; the document gives it a file body for each media type (see openapi.ts). */
export const UPLOAD_EXTENSION = 'x-iris-upload';

/**
 * A route that takes one file: as a raw body of one of `types` or as the multipart field `file`. Swagger
 * UI then offers a file picker.
 */
export const ApiFileUpload = (description: string, types: readonly string[]) =>
  ApiExtension(UPLOAD_EXTENSION, { description, types });
