import { Logger } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MinLength,
  Min,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true'
      ? true
      : value === 'false'
        ? false
        : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

const TRUST_PROXY_FORMAT = /^(false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/;

/**
 * Fastify's trustProxy from TRUST_PROXY: false, the proxies' addresses, or a hop count (as proxy-addr's
 * function form: trust the `hops` nearest addresses, so the client is the one the last proxy saw).
 */
export function trustProxySetting(
  value = 'false',
): boolean | string | ((address: string, hop: number) => boolean) {
  if (!TRUST_PROXY_FORMAT.test(value) || value === 'false') return false;
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_address, hop) => hop < hops;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment the service reads; README §Configuration documents each variable. */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Milliseconds to wait for a database connection (from the pool or a new one) before answering 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  /** PostgreSQL's statement_timeout, in milliseconds: the longest one statement may run. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** PostgreSQL's lock_timeout, in milliseconds: the longest a statement may wait for a row or table lock. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_LOCK_TIMEOUT_MS = 10_000;

  /** Milliseconds the service waits for any answer of the server (holds when the server is frozen). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_QUERY_TIMEOUT_MS = 35_000;

  /** Read replicas for the public registry's reads (comma-separated); every other query uses DATABASE_URL. */
  @Transform(toList)
  @Matches(/^postgres(ql)?:\/\/.+/, {
    each: true,
    message: 'DATABASE_READ_URLS must list postgres:// connection URLs (comma-separated)',
  })
  DATABASE_READ_URLS: string[] = [];

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL = 900;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA = false;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { message: 'PUBLIC_BASE_URL must be an absolute http(s) URL' },
  )
  PUBLIC_BASE_URL?: string;

  @Transform(toList)
  @IsUrl(
    { require_tld: false, require_protocol: true },
    { each: true, message: 'CORS_ORIGINS must list absolute URLs' },
  )
  CORS_ORIGINS: string[] = [];

  @Matches(TRUST_PROXY_FORMAT, {
    message:
      'TRUST_PROXY must be false, the number of proxies in front of the service (usually 1), or their addresses ' +
      '(comma-separated IPs or CIDRs); "true" would trust any client-written X-Forwarded-For',
  })
  TRUST_PROXY = 'false';

  /** Milliseconds a client has to send a whole request, headers and body (a slow sender is cut off: 408). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_REQUEST_TIMEOUT_MS = 60_000;

  /** Milliseconds a client has to send a request's headers. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Milliseconds a connection may stay silent both ways, even while a request is answered. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_CONNECTION_TIMEOUT_MS = 120_000;

  /** Milliseconds an idle kept-alive connection stays open; above the load balancer's idle timeout. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  /** The largest JSON or form body, in bytes (uploaded files have their own 5 MB limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(5 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Imports (agency lists, sign-in sheets) one process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IMPORT_CONCURRENCY = 2;

  /** Imports that may wait for a turn; more at once are refused with 503 and Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IMPORT_QUEUE = 4;

  /**
   * PDFs one process makes at once on request: report PDFs, certificates of completion, sign-in sheets,
   * and certificates as a case is certified.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PDF_CONCURRENCY = 2;

  /** PDFs that may wait for a turn; more at once are refused with 503 and Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PDF_QUEUE = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_BLOCK_SECONDS = 900;

  /** Requests a minute one address may make to the public API and pages; 0 turns the limit off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 300;

  /** Requests a minute one signed-in account may make to the API; 0 turns the limit off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  API_RATE_LIMIT_PER_MINUTE = 600;

  /** Share of a training's days a participant must attend (present or late) to complete it. */
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @Min(0.01, { message: 'TRAINING_COMPLETION_SHARE must be a number above 0 and at most 1' })
  @Max(1, { message: 'TRAINING_COMPLETION_SHARE must be a number above 0 and at most 1' })
  TRAINING_COMPLETION_SHARE = 1;

  /** docs/certification.md: durations are settings. A certificate's validity, in years. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  CERTIFICATE_VALIDITY_YEARS = 3;

  /** Months between surveillance audits of a certified agency. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36)
  SURVEILLANCE_INTERVAL_MONTHS = 12;

  /** Days after the audit by which a finding's corrective action is due, unless the auditor sets a date. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(730)
  FINDING_DUE_DAYS = 90;

  /** Months a certificate may stay suspended before the case needs attention (reinstate or withdraw). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  SUSPENSION_MAX_MONTHS = 6;

  /** The Ed25519 private key that signs certificates (PKCS#8 PEM; `\n` may stand for line breaks). */
  @IsOptional()
  @IsString()
  CERTIFICATE_SIGNING_KEY?: string;

  /** A file holding that key instead (a mounted secret). */
  @IsOptional()
  @IsString()
  CERTIFICATE_SIGNING_KEY_FILE?: string;

  /** The IRIS Standard version printed on and signed into new certificates. */
  @Matches(/^[\w.() -]{1,40}$/, {
    message: 'IRIS_STANDARD_VERSION must be a short version label such as 1.2',
  })
  IRIS_STANDARD_VERSION = '1.2';

  @IsString()
  DATA_DIR = '.data';

  /** The staff console signs a person out after this many minutes without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  STAFF_SESSION_IDLE_MINUTES = 30;

  /** …and after this many hours in any case, active or not. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  STAFF_SESSION_MAX_HOURS = 12;

  /**
   * Whether the console's session cookie is sent only over HTTPS (`Secure`). On in production; turn it off
   * only for a trial on plain HTTP.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'STAFF_COOKIE_SECURE must be true or false' })
  STAFF_COOKIE_SECURE?: boolean;

  /** Makes the service's clock start on this Lao day (tests and trials; refused in production). */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'CLOCK_TODAY must be a date written YYYY-MM-DD' })
  CLOCK_TODAY?: string;
}

export type AppConfig = Omit<Environment, 'JWT_SECRET' | 'PUBLIC_BASE_URL'> & {
  JWT_SECRET: string;
  PUBLIC_BASE_URL: string;
};

/** Raised when the environment is unusable; its message is the one line printed at start-up. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates `process.env`; fails with one line naming each bad variable (ConfigModule `validate`). */
export function validateEnvironment(raw: Record<string, unknown>): AppConfig {
  // An empty value (`ADMIN_EMAIL=` in a compose file) means unset, not invalid.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const messages = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((m) =>
        m.startsWith(error.property) ? m : `${error.property}: ${m}`,
      ),
    );
    throw new ConfigError(`Invalid configuration: ${messages.join('; ')}`);
  }
  if (env.CERTIFICATE_SIGNING_KEY && env.CERTIFICATE_SIGNING_KEY_FILE) {
    throw new ConfigError(
      'Invalid configuration: set CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE, not both',
    );
  }
  if (env.NODE_ENV === 'production' && !env.CERTIFICATE_SIGNING_KEY && !env.CERTIFICATE_SIGNING_KEY_FILE) {
    throw new ConfigError(
      'Invalid configuration: CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE is required in production',
    );
  }
  if (env.NODE_ENV === 'production' && env.CLOCK_TODAY) {
    throw new ConfigError('Invalid configuration: CLOCK_TODAY is for tests and trials, not production');
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'Invalid configuration: HTTP_HEADERS_TIMEOUT_MS must not be above HTTP_REQUEST_TIMEOUT_MS',
    );
  }
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? developmentJwtSecret(env),
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  };
}

/** Outside production a missing JWT_SECRET is generated once and kept, so tokens survive restarts. */
function developmentJwtSecret(env: Environment): string {
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration: JWT_SECRET is required in production (at least 32 characters)',
    );
  }
  const file = path.resolve(env.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  new Logger('Config').warn(`JWT_SECRET is not set: generated one for development and kept it in ${file}`);
  return secret;
}
