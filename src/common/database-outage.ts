import { QueryFailedError } from 'typeorm';
import { ErrorCode, ProblemException, serviceUnavailable } from './errors';

/** Seconds a client should wait before retrying when the database is down, frozen or busy. */
export const RETRY_UNAVAILABLE_SECONDS = 5;

/**
 * PostgreSQL codes that say "not now" rather than "wrong request": the server is unreachable or shutting
 * down (class 08, 57P0x), has no connection to spare (53300), or a query ran past statement_timeout
 * (57014) or lock_timeout (55P03).
 */
const UNAVAILABLE_CODES = new Set(['53300', '57014', '55P03', '57P01', '57P02', '57P03']);
/** Errors of the network or of the pg pool: refused, reset, or out of time to connect or to answer. */
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

/** Whether `error` means the database cannot answer now (down, frozen, timed out), not a bug or bad input. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Read by shape, not instanceof: errors of Node's sockets may come from another realm (a test's VM).
  const cause = (error instanceof QueryFailedError ? error.driverError : error) as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  } | null;
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message, errors } = cause;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof code === 'string' && UNAVAILABLE_NETWORK.has(code)) return true;
  // A host name with several addresses fails as an AggregateError of each address's ECONNREFUSED.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** Seconds a client should wait before sending again a request that PostgreSQL undid in a clash. */
export const RETRY_CLASH_SECONDS = 1;

/**
 * PostgreSQL codes of a transaction it aborted to let another go on: a deadlock (40P01: each held a row
 * the other needed) or a serialization failure (40001). The aborted transaction changed nothing, and the
 * same request sent again a moment later usually goes through.
 */
const CLASH_CODES = new Set(['40P01', '40001']);

/** Whether `error` is PostgreSQL undoing this request's transaction in a clash with another one. */
export function isTransactionClash(error: unknown): boolean {
  const cause = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown } | null;
  return typeof cause === 'object' && cause !== null && CLASH_CODES.has(cause.code as string);
}

/**
 * The 503 with Retry-After that a database outage, or a transaction undone in a clash, answers; null for
 * any other error.
 */
export function unavailableProblemOf(error: unknown): ProblemException | null {
  if (error instanceof ProblemException && error.code === ErrorCode.Unavailable) return error;
  if (isTransactionClash(error)) {
    return serviceUnavailable(
      'This request met another one changing the same records at the same moment and was undone: nothing of it was saved. Send it again (see Retry-After).',
      RETRY_CLASH_SECONDS,
    );
  }
  if (!isDatabaseUnavailable(error)) return null;
  return serviceUnavailable(
    'The database is not answering right now. Try again in a few seconds (see Retry-After).',
    RETRY_UNAVAILABLE_SECONDS,
  );
}
