import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: a malformed body, id or query, an unknown field, or failed validation (each field listed in `errors`)',
  401: 'Not signed in, or the token is invalid, expired or belongs to a deactivated account',
  403: 'Signed in, but this role or user may not do this',
  404: 'No such resource',
  409: 'Conflicts with the current state: a duplicate, or a stale `version`',
  413: 'The body is too large',
  415: 'The body has an unsupported content type',
  429: 'Too many attempts or requests; the `Retry-After` header says how many seconds to wait',
  503: 'Not ready: a dependency (the database) is down',
  500: 'Unexpected error; the body carries the request id and nothing internal',
};

/** Declares problem-details (RFC 9457) responses for the given statuses. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
