import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedBudget } from './leased-budget';

/** A store like PostgreSQL's, in memory, that records how many points each call took. */
function countingStore(points: number) {
  const limiter = new RateLimiterMemory({ points, duration: 60 });
  const calls: number[] = [];
  return {
    calls,
    consume: (key: string, taken: number) => {
      calls.push(taken);
      return limiter.consume(key, taken);
    },
  };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

describe('LeasedBudget', () => {
  it('counts a slow client exactly, one store call a request, shared with another replica', async () => {
    let now = 0;
    const store = countingStore(4);
    const a = new LeasedBudget(store, 4, 10, () => now);
    const b = new LeasedBudget(store, 4, 10, () => now);
    const remaining: number[] = [];
    for (const replica of [a, b, a, b]) {
      now += 5000;
      remaining.push((await replica.consume('203.0.113.1')).remainingPoints);
    }
    expect(remaining).toEqual([3, 2, 1, 0]);
    expect(store.calls).toEqual([1, 1, 1, 1]);
    expect(await refusal(a.consume('203.0.113.1'))).toBeInstanceOf(RateLimiterRes);
    expect(await refusal(b.consume('203.0.113.1'))).toBeInstanceOf(RateLimiterRes);
  });

  it('takes bigger leases for a busy client: 300 requests in a burst cost a few dozen store calls', async () => {
    const store = countingStore(10_000);
    const budget = new LeasedBudget(store, 10_000, 200, () => 0);
    const answers = await Promise.all(Array.from({ length: 300 }, () => budget.consume('198.51.100.7')));
    expect(answers.map((a) => a.remainingPoints).sort((x, y) => y - x)[0]).toBeLessThan(10_000);
    expect(store.calls.length).toBeLessThan(20);
    expect(Math.max(...store.calls)).toBeLessThanOrEqual(200);
    // Every request was paid for: the store has counted at least 300 points.
    expect(store.calls.reduce((sum, taken) => sum + taken, 0)).toBeGreaterThanOrEqual(300);
  });

  it('never admits more than the budget, however the requests arrive', async () => {
    const store = countingStore(50);
    const budget = new LeasedBudget(store, 50, 8, () => 0);
    const results = await Promise.allSettled(Array.from({ length: 80 }, () => budget.consume('192.0.2.9')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    expect(
      results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof RateLimiterRes),
    ).toBe(true);
  });

  it('starts over with one-point leases when the minute has passed', async () => {
    let now = 0;
    const store = { consume: jest.fn(async () => new RateLimiterRes(9, 60_000, 1, false)) };
    const budget = new LeasedBudget(store, 10, 5, () => now);
    await budget.consume('k');
    now = 61_000;
    await budget.consume('k');
    expect(store.consume.mock.calls.map((call: unknown[]) => call[1])).toEqual([1, 1]);
  });

  it('passes a failing store’s error on and asks the store again next time', async () => {
    const store = {
      consume: jest
        .fn()
        .mockRejectedValueOnce(new Error('connection refused'))
        .mockResolvedValue(new RateLimiterRes(4, 60_000, 1, true)),
    };
    const budget = new LeasedBudget(store, 5, 1);
    await expect(budget.consume('k')).rejects.toThrow('connection refused');
    expect((await budget.consume('k')).remainingPoints).toBe(4);
  });
});
