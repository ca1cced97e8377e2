import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';

/**
 * Counts failed logins per e-mail and per client address in PostgreSQL (table `login_failures`,
 * created by a migration), so every replica sees the same counts.
 */
@Injectable()
export class LoginThrottle {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(@InjectDataSource() dataSource: DataSource, config: ConfigService<AppConfig, true>) {
    const duration = config.get('LOGIN_BLOCK_SECONDS', { infer: true });
    const common = {
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: 'login_failures',
      tableCreated: true,
      duration,
    };
    this.byEmail = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'email',
      points: config.get('LOGIN_MAX_FAILURES_PER_EMAIL', { infer: true }),
    });
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'ip',
      points: config.get('LOGIN_MAX_FAILURES_PER_IP', { infer: true }),
    });
  }

  /** Seconds to wait before trying again, or 0 when neither the e-mail nor the address is blocked. */
  async retryAfter(email: string, address: string): Promise<number> {
    const checks = await Promise.all([
      this.byEmail.get(email).then((res) => blockedFor(res, this.byEmail.points)),
      this.byAddress.get(address).then((res) => blockedFor(res, this.byAddress.points)),
    ]);
    return Math.max(...checks);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.penalty(email), this.byAddress.penalty(address)]);
  }

  async clear(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}

function blockedFor(res: RateLimiterRes | null, points: number): number {
  return res && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}
