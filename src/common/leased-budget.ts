import { RateLimiterRes } from 'rate-limiter-flexible';

/** What a shared budget is counted with: rate-limiter-flexible's consume of any number of points. */
export interface PointStore {
  consume(key: string, points: number): Promise<RateLimiterRes>;
}

interface Lease {
  /** Points taken from the store and not yet spent by this process. */
  left: number;
  /** What the store had left for the key when the lease was taken. */
  remaining: number;
  /** When the key's minute ends (epoch ms). */
  resetAt: number;
  /** How many points the last lease took, and when: a lease used up within a second doubles. */
  size: number;
  leasedAt: number;
  /** The store call in flight for this key: requests that arrive meanwhile wait for it. */
  pending?: Promise<void>;
}

/** A lease used up within this long is followed by a bigger one. */
const BUSY_MS = 1000;
/** Entries are swept of ended minutes once the map holds this many keys. */
const SWEEP_AT = 10_000;

/**
 * A budget shared by every replica through a store (PostgreSQL), without one write per request: a
 * process takes points from the store in leases and spends them from memory.
 *
 * A key starts with leases of one point, so a client making a few requests a minute is counted exactly,
 * request by request, whichever replica it reaches. A client using its lease up within a second gets
 * a lease twice as big next time, up to `maxLease` and never more than the store says is left, so a
 * busy client costs one store write per many requests. Points leased and not spent still count as
 * spent: with N replicas a client can be refused up to N × `maxLease` points early, never admitted late.
 */
export class LeasedBudget {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly store: PointStore,
    readonly points: number,
    private readonly maxLease: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one point of `key`; rejects with the store's RateLimiterRes once the budget is spent. */
  async consume(key: string): Promise<RateLimiterRes> {
    for (;;) {
      const now = this.now();
      let lease = this.leases.get(key);
      if (lease && lease.resetAt <= now && !lease.pending) {
        this.leases.delete(key);
        lease = undefined;
      }
      if (lease?.pending) {
        await lease.pending.catch(() => undefined);
        continue;
      }
      // A lease just taken serves its first request whatever the clock says since.
      if (!lease || lease.left === 0) lease = await this.lease(key, lease, now);
      if (lease.left > 0) {
        lease.left--;
        const remaining = lease.remaining + lease.left;
        return new RateLimiterRes(remaining, Math.max(0, lease.resetAt - now), this.points - remaining);
      }
    }
  }

  /** Takes the next lease from the store; a refusal is passed on to the request that asked. */
  private async lease(key: string, previous: Lease | undefined, now: number): Promise<Lease> {
    const size = previous
      ? Math.max(
          1,
          Math.min(
            now - previous.leasedAt < BUSY_MS ? previous.size * 2 : 1,
            this.maxLease,
            previous.remaining,
          ),
        )
      : 1;
    const lease: Lease = previous ?? { left: 0, remaining: 0, resetAt: now, size, leasedAt: now };
    if (!previous) {
      if (this.leases.size >= SWEEP_AT) this.sweep(now);
      this.leases.set(key, lease);
    }
    const taking = this.store.consume(key, size).then(
      (res) => {
        Object.assign(lease, {
          left: size,
          remaining: res.remainingPoints,
          resetAt: now + res.msBeforeNext,
          size,
          leasedAt: now,
        });
      },
      (refused: unknown) => {
        if (refused instanceof RateLimiterRes) {
          Object.assign(lease, {
            left: 0,
            remaining: 0,
            resetAt: now + refused.msBeforeNext,
            size: 1,
            leasedAt: now,
          });
        } else {
          this.leases.delete(key);
        }
        throw refused;
      },
    );
    lease.pending = taking;
    try {
      await taking;
    } finally {
      lease.pending = undefined;
    }
    return lease;
  }

  private sweep(now: number): void {
    for (const [key, lease] of this.leases)
      if (lease.resetAt <= now && !lease.pending) this.leases.delete(key);
  }
}
