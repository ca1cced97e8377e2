import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { ErrorCode, ProblemException } from '../common/errors';
import type { AppConfig } from '../config/config';

/**
 * Sign-in attempts per e-mail *and* address (so nobody can lock an official out from elsewhere) and per
 * address, counted in PostgreSQL (table `login_failures`) so every replica sees the same counts.
 * An attempt is counted atomically before the password is checked, so parallel guesses cannot slip past;
 * a successful sign-in gives its attempt back.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(@InjectDataSource() dataSource: DataSource, config: ConfigService<AppConfig, true>) {
    const duration = config.get('LOGIN_BLOCK_SECONDS', { infer: true });
    const store = {
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: 'login_failures',
      tableCreated: true,
    };
    this.byAccount = new RateLimiterPostgres({
      ...store,
      duration,
      keyPrefix: 'account',
      points: config.get('LOGIN_MAX_FAILURES_PER_EMAIL', { infer: true }),
    });
    this.byAddress = new RateLimiterPostgres({
      ...store,
      duration,
      keyPrefix: 'ip',
      points: config.get('LOGIN_MAX_FAILURES_PER_IP', { infer: true }),
    });
  }

  /** Counts one attempt; a 429 with Retry-After when the account-and-address or the address is over its limit. */
  async attempt(email: string, address: string): Promise<void> {
    const results = await Promise.allSettled([
      this.byAccount.consume(accountKey(email, address)),
      this.byAddress.consume(address),
    ]);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (refused.length === 0) return;
    const waits = refused.map((reason) => {
      if (reason instanceof RateLimiterRes) return Math.max(1, Math.ceil(reason.msBeforeNext / 1000));
      throw reason;
    });
    const retryAfter = Math.max(...waits);
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.TooManyLoginAttempts,
      `Too many failed sign-ins. Try again in ${retryAfter} seconds.`,
      undefined,
      { 'Retry-After': String(retryAfter) },
    );
  }

  /** A successful sign-in forgets the account's failures and gives the address its attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byAccount.delete(accountKey(email, address)), this.byAddress.reward(address, 1)]);
  }
}

// Hashed: an e-mail and an address can exceed the store's 255-character key.
const accountKey = (email: string, address: string) =>
  createHash('sha256').update(`${email}\n${address}`).digest('hex');
