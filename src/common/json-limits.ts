import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, ProblemException } from './errors';

/** The deepest nesting a JSON body may have; the API's own bodies go three levels deep. */
export const JSON_MAX_DEPTH = 32;
/** The most object members a JSON body may hold in all (5,000 attendance marks hold 15,000). */
export const JSON_MAX_KEYS = 20_000;

const LONE_SURROGATE_REFUSAL = 'The JSON body holds text that is not valid Unicode (a lone surrogate).';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

/**
 * Why a JSON text is too deep or has too many members, or null. One pass over the characters, before
 * JSON.parse: a body of 1,500 nested arrays would otherwise overflow the stack in class-transformer, and
 * a 1 MB one would hold the event loop for seconds.
 */
export function jsonShapeRefusal(
  text: string,
  maxDepth = JSON_MAX_DEPTH,
  maxKeys = JSON_MAX_KEYS,
): string | null {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return `The JSON body is nested deeper than ${maxDepth} levels.`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COLON && ++keys > maxKeys) {
      return `The JSON body has more than ${maxKeys} members.`;
    }
  }
  return null;
}

/** A `\uD800`–`\uDFFF` escape: the only way a body read as UTF-8 can hold half a surrogate pair. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a parsed JSON value holds a string (or key) that is not well-formed Unicode: validators throw
 * on one (`isEmail` ends in a URIError) and PostgreSQL cannot store it.
 */
export function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(item));
  }
  return false;
}

/**
 * Takes JSON bodies in place of Nest's default parser: a body too deep or too wide is refused (400
 * problem details) before it is parsed; any other is parsed as Fastify does (refusing `__proto__` and
 * `constructor` keys), then refused if it holds a lone surrogate.
 */
export function acceptBoundedJson(app: NestFastifyApplication, bodyLimit: number): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const text = body.toString();
    const refusal = jsonShapeRefusal(text);
    if (refusal) done(new ProblemException(HttpStatus.BAD_REQUEST, ErrorCode.MalformedRequest, refusal));
    else
      parse(request as FastifyRequest, text, (error, value) => {
        if (error || !SURROGATE_ESCAPE.test(text) || !holdsLoneSurrogate(value)) return done(error, value);
        done(
          new ProblemException(HttpStatus.BAD_REQUEST, ErrorCode.MalformedRequest, LONE_SURROGATE_REFUSAL),
        );
      });
  });
}
