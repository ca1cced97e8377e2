import type { ConfigService } from '@nestjs/config';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { RequestLimits } from './request-limits';

const settings = (values: Partial<AppConfig>) =>
  ({ get: (key: keyof AppConfig) => values[key] ?? 0 }) as unknown as ConfigService<AppConfig, true>;

/** A DataSource whose primary pool answers every query with `answer`. */
const databaseAnswering = (answer: () => Promise<unknown>) =>
  ({ driver: { master: { query: answer } } }) as unknown as DataSource;

const limitsOver = (answer: () => Promise<unknown>) =>
  new RequestLimits(
    databaseAnswering(answer),
    settings({ PUBLIC_RATE_LIMIT_PER_MINUTE: 2, DATABASE_CONNECT_TIMEOUT_MS: 50 }),
  );

describe('RequestLimits, the address budget when the database fails (fail open, counted in memory)', () => {
  it.each([
    [
      'is down',
      () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ],
    ['never answers', () => new Promise<never>(() => undefined)],
  ])('lets requests through while the database %s, and still refuses past the budget', async (_, answer) => {
    const budget = limitsOver(answer).byAddress!;
    expect((await budget.consume('192.0.2.1')).remainingPoints).toBe(1);
    expect((await budget.consume('192.0.2.1')).remainingPoints).toBe(0);
    const refused = await budget.consume('192.0.2.1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimiterRes);
    // Another address has its own budget.
    expect((await budget.consume('192.0.2.2')).remainingPoints).toBe(1);
  });

  it('has no address budget when the limit is 0', () => {
    const limits = new RequestLimits(
      databaseAnswering(() => Promise.resolve()),
      settings({ PUBLIC_RATE_LIMIT_PER_MINUTE: 0, DATABASE_CONNECT_TIMEOUT_MS: 50 }),
    );
    expect(limits.byAddress).toBeNull();
  });
});
