import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trustProxySetting, validateEnvironment } from './config';

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const base = { DATABASE_URL: 'postgres://u:p@localhost:5433/iris', JWT_SECRET: 'x'.repeat(32) };

describe('validateEnvironment', () => {
  it('applies documented defaults and types', () => {
    const config = validateEnvironment(base);
    expect(config).toMatchObject({
      PORT: 3000,
      JWT_TTL: 900,
      LOG_LEVEL: 'info',
      DEMO_DATA: false,
      CORS_ORIGINS: [],
      DATABASE_READ_URLS: [],
    });
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ connection URL/],
    [
      { DATABASE_READ_URLS: 'postgres://u:p@replica-1/iris, mysql://x' },
      /DATABASE_READ_URLS must list postgres:\/\/ connection URLs/,
    ],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ DEMO_DATA: 'yes' }, /DEMO_DATA must be true or false/],
    [{ CORS_ORIGINS: 'not a url' }, /CORS_ORIGINS must list absolute URLs/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be false, the number of proxies/],
    [{ ADMIN_EMAIL: 'root@molsw.gov.la' }, /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/],
    [
      { ADMIN_EMAIL: 'root@molsw.gov.la', ADMIN_PASSWORD: 'short' },
      /ADMIN_PASSWORD must be at least 12 characters/,
    ],
  ])('stops start-up with one line naming the variable: %j', (override, message) => {
    const error = captureError(() => validateEnvironment({ ...base, ...override }));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['false', false],
    ['10.0.0.0/8, 192.168.1.1', '10.0.0.0/8, 192.168.1.1'],
  ])('turns TRUST_PROXY=%s into Fastify’s trustProxy', (value, expected) => {
    expect(validateEnvironment({ ...base, TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
    expect(trustProxySetting(value)).toEqual(expected);
  });

  it('turns a TRUST_PROXY hop count into trusting that many nearest proxies', () => {
    const trust = trustProxySetting('1') as (address: string, hop: number) => boolean;
    expect([trust('10.0.0.1', 0), trust('203.0.113.9', 1)]).toEqual([true, false]);
  });

  it('reads DATABASE_READ_URLS as a comma-separated list', () => {
    const DATABASE_READ_URLS = 'postgres://u:p@replica-1:5432/iris, postgresql://u:p@replica-2/iris';
    expect(validateEnvironment({ ...base, DATABASE_READ_URLS }).DATABASE_READ_URLS).toEqual([
      'postgres://u:p@replica-1:5432/iris',
      'postgresql://u:p@replica-2/iris',
    ]);
  });

  it('treats empty values as unset', () => {
    expect(validateEnvironment({ ...base, ADMIN_EMAIL: '', ADMIN_PASSWORD: '', PORT: '' })).toMatchObject({
      PORT: 3000,
    });
  });

  it('requires a DATABASE_URL', () => {
    expect(() => validateEnvironment({ JWT_SECRET: base.JWT_SECRET })).toThrow(/DATABASE_URL/);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() =>
      validateEnvironment({
        DATABASE_URL: base.DATABASE_URL,
        NODE_ENV: 'production',
        CERTIFICATE_SIGNING_KEY_FILE: '/run/secrets/signing-key.pem',
      }),
    ).toThrow(/JWT_SECRET is required in production/);
  });

  it('requires a certificate signing key in production, from one place only', () => {
    expect(() => validateEnvironment({ ...base, NODE_ENV: 'production' })).toThrow(
      /CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE is required in production/,
    );
    expect(() =>
      validateEnvironment({
        ...base,
        CERTIFICATE_SIGNING_KEY: 'pem',
        CERTIFICATE_SIGNING_KEY_FILE: '/k.pem',
      }),
    ).toThrow(/not both/);
  });

  it('outside production, generates a JWT secret once and keeps it under the data folder', () => {
    const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'iris-config-'));
    const first = validateEnvironment({ DATABASE_URL: base.DATABASE_URL, DATA_DIR });
    const second = validateEnvironment({ DATABASE_URL: base.DATABASE_URL, DATA_DIR });
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    const file = path.join(DATA_DIR, 'jwt-secret');
    expect(readFileSync(file, 'utf8')).toBe(first.JWT_SECRET);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
