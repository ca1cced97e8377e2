import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppConfig } from '../config/config';
import { serviceUnavailable } from './errors';

/** Seconds a client refused for a busy server should wait: an import takes a few seconds. */
export const RETRY_BUSY_SECONDS = 10;

/**
 * Bounds the imports one process runs at once (IMPORT_CONCURRENCY); a few more wait their turn
 * (IMPORT_QUEUE), and beyond that a request gets 503 with Retry-After. Ten large imports at once would
 * otherwise share two cores with every other request and slow the public registry for all.
 */
@Injectable()
export class HeavyWork {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;
  private readonly queue: number;

  constructor(config: ConfigService<AppConfig, true>) {
    this.limit = config.get('IMPORT_CONCURRENCY', { infer: true });
    this.queue = config.get('IMPORT_QUEUE', { infer: true });
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) {
        throw serviceUnavailable(
          'Too many imports are running on this server. Try again in a few seconds (see Retry-After).',
          RETRY_BUSY_SECONDS,
        );
      }
      // The slot is handed over by the import that ends, so `running` already counts this one.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Lets other requests run between batches of a long loop of synchronous work (every `every` items). */
export async function yieldEvery(index: number, every = 200): Promise<void> {
  if (index % every === every - 1) await nextTurn();
}
