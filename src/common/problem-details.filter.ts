import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import {
  DomainError,
  ErrorCode,
  FieldError,
  ProblemException,
  statusForDomainError,
  UNIQUE_CONSTRAINTS,
} from './errors';
import { requestIdOf } from './request-id';
import { RETRY_UNAVAILABLE_SECONDS, unavailableProblemOf } from './database-outage';
import { sendErrorPage, sendOutagePage, wantsPage } from './outage-page';

export interface Problem {
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  existingId?: string;
  headers?: Record<string, string>;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_REQ_FILE_TOO_LARGE: ErrorCode.PayloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UnsupportedMediaType,
};

/**
 * The codes of HTTP errors raised outside the app's own: Nest's, and Fastify's as Nest's adapter wraps
 * them (a body of a type no parser reads arrives as an HttpException 415).
 */
const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  503: ErrorCode.Unavailable,
};

/** Writes `problem` as RFC 9457 problem details (also for errors Fastify raises before any route runs). */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  const slug = problem.code.toLowerCase().replace(/_/g, '-');
  // A route's own headers, set before it ran, must not make an error cacheable or save it as a file.
  reply.removeHeader('etag');
  reply.removeHeader('content-disposition');
  reply
    .status(problem.status)
    .header('Cache-Control', 'no-store')
    .header('X-Request-Id', requestIdOf(request))
    .headers(problem.headers ?? {})
    .type('application/problem+json')
    .send({
      type: `urn:problem:iris-lao:${slug}`,
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      instance: request.url?.split('?')[0],
      code: problem.code,
      requestId: requestIdOf(request),
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.existingId ? { existingId: problem.existingId } : {}),
    });
}

/**
 * Fastify's own routing errors, raised before Nest sees the request: a malformed URL (400) or a path
 * segment longer than the router takes (414). A page's address (the public registry, the console) gets a
 * page saying so, as a person's browser shows it.
 */
export function frameworkProblem(
  error: Error & { statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const status = error.statusCode ?? 400;
  if (status < 500 && wantsPage(request)) {
    return sendErrorPage(request, reply, { status, message: 'web.error.badRequest', headers: {} });
  }
  const detail =
    status === 414 ? 'A segment of the request path is too long.' : 'The request URL is malformed.';
  sendProblem(request, reply, {
    status,
    code: status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest,
    detail,
  });
}

/** Answers every error as RFC 9457 problem details; unexpected ones are logged, never described. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const unavailable = unavailableProblemOf(exception);
    const problem = this.toProblem(unavailable ?? exception);
    const requestId = requestIdOf(request);
    if (unavailable || problem.status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ err: loggable(exception), requestId }, 'Service unavailable');
      // A page (the public registry, the console's sign-in) says so as a page, in the reader's language.
      if (unavailable && wantsPage(request)) return sendOutagePage(request, reply, problem.headers ?? {});
    } else if (problem.status >= 500) {
      this.logger.error({ err: loggable(exception), requestId }, 'Unhandled error');
    }
    sendProblem(request, reply, problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ProblemException) {
      const { code, errors, headers } = exception;
      return { status: exception.getStatus(), code, detail: exception.message, errors, headers };
    }
    if (exception instanceof DomainError) {
      const { code, errors, existingId } = exception;
      return { status: statusForDomainError(code), code, detail: exception.message, errors, existingId };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    if (exception instanceof QueryFailedError) {
      const problem = this.fromDatabaseError(exception.driverError as { code?: string; constraint?: string });
      if (problem) return problem;
    }
    const fastify = exception as { code?: string; statusCode?: number; message?: string };
    if (
      typeof fastify?.code === 'string' &&
      fastify.code.startsWith('FST_') &&
      (fastify.statusCode ?? 500) < 500
    ) {
      const status = fastify.statusCode ?? 400;
      return {
        status,
        code: FASTIFY_CODES[fastify.code] ?? ErrorCode.MalformedRequest,
        detail: String(fastify.message),
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.Internal,
      detail: 'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
    };
  }

  private fromHttpException(exception: HttpException): Problem {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
    const code = HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.MalformedRequest);
    // A dependency that is down is usually back within seconds: clients and load balancers retry then.
    const headers = status === 503 ? { 'Retry-After': String(RETRY_UNAVAILABLE_SECONDS) } : undefined;
    return { status, code, detail: status >= 500 ? unavailableDetail(body) : detail, headers };
  }

  private fromDatabaseError(error: { code?: string; constraint?: string }): Problem | undefined {
    switch (error.code) {
      case '23505': {
        const known = error.constraint ? UNIQUE_CONSTRAINTS[error.constraint] : undefined;
        if (known) {
          const { code, field, message } = known;
          return {
            status: 409,
            code,
            detail: `The ${field} is already taken.`,
            errors: [{ field, message }],
          };
        }
        return {
          status: 409,
          code: ErrorCode.Conflict,
          detail: 'A record with the same unique value already exists.',
        };
      }
      case '22P02': // invalid text representation
      case '22021': // character not in repertoire (a NUL byte in text)
      case '22003': // numeric value out of range
      case '22001': // string too long
      case '22008': // datetime field overflow
        return {
          status: 400,
          code: ErrorCode.MalformedRequest,
          detail: 'A value has the wrong format or is out of range.',
        };
      case '23503':
        return {
          status: 409,
          code: ErrorCode.Conflict,
          detail: 'A referenced record does not exist or is still in use.',
        };
      default:
        return undefined;
    }
  }
}

/** Terminus answers 503 with the failed checks: name them, nothing more. */
function unavailableDetail(body: unknown): string {
  const failed = Object.keys((body as { error?: Record<string, unknown> })?.error ?? {});
  return failed.length > 0
    ? `Not ready: ${failed.join(', ')} down.`
    : 'The service is not available right now.';
}

/** Database errors carry the query's parameters (hashes, personal data): log the error without them. */
function loggable(exception: unknown): unknown {
  if (!(exception instanceof QueryFailedError)) return exception;
  const { code, constraint } = exception.driverError as { code?: string; constraint?: string };
  return {
    type: 'QueryFailedError',
    message: exception.message,
    code,
    constraint,
    query: exception.query,
    stack: exception.stack,
  };
}
