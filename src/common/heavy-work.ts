import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import pLimit, { type Limit } from 'p-limit';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppConfig } from '../config/config';
import { ApiBusy } from './api-docs';
import { serviceUnavailable } from './errors';

/**
 * The kinds of CPU-heavy work, each bounded on its own: imports (agency lists, sign-in sheets: seconds of
 * row checks each) and PDFs made on request (certificates, reports, sign-in sheets: tens to hundreds of
 * milliseconds of drawing on the event loop each).
 */
export type HeavyKind = 'import' | 'pdf';

interface KindRules {
  /** The settings of its limit and its queue. */
  concurrency: keyof AppConfig;
  queue: keyof AppConfig;
  /** Seconds a refused client should wait: about what the queue takes to clear. */
  retryAfterSeconds: number;
  /** The refusal's detail. */
  refusal: string;
  /** The cause of the refusal, as the OpenAPI document describes it. */
  documented: string;
}

const KINDS: Record<HeavyKind, KindRules> = {
  import: {
    concurrency: 'IMPORT_CONCURRENCY',
    queue: 'IMPORT_QUEUE',
    retryAfterSeconds: 10,
    refusal: 'Too many imports are running on this server. Try again in a few seconds (see Retry-After).',
    documented: 'Too many imports are running on this server at once',
  },
  pdf: {
    concurrency: 'PDF_CONCURRENCY',
    queue: 'PDF_QUEUE',
    retryAfterSeconds: 2,
    refusal:
      'Too many PDFs are being made on this server right now. Try again in a moment (see Retry-After).',
    documented: 'Too many PDFs are being made on this server at once',
  },
};

/** Seconds a client refused for `kind` should wait (the `Retry-After` of the refusal). */
export const retryAfterFor = (kind: HeavyKind): number => KINDS[kind].retryAfterSeconds;

/**
 * Bounds the heavy work one process does at once, per kind: up to its limit runs (IMPORT_CONCURRENCY,
 * PDF_CONCURRENCY), a few more wait their turn in order (IMPORT_QUEUE, PDF_QUEUE), and beyond that a
 * request gets 503 with Retry-After at once. Ten large imports or fifty report PDFs at once would
 * otherwise share two cores with every other request and slow the public registry for all; a bounded
 * queue also bounds the memory the waiting requests hold.
 *
 * The work runs on the event loop (a PDF is drawn synchronously by pdfkit): the bound keeps it from
 * crowding out other requests, it does not move it elsewhere.
 */
@Injectable()
export class HeavyWork {
  private readonly limits: Record<HeavyKind, { limit: Limit; capacity: number }>;

  constructor(config: ConfigService<AppConfig, true>) {
    const bound = (kind: HeavyKind) => {
      const concurrency = config.get(KINDS[kind].concurrency) as number;
      const queue = config.get(KINDS[kind].queue) as number;
      return { limit: pLimit(concurrency), capacity: concurrency + queue };
    };
    this.limits = { import: bound('import'), pdf: bound('pdf') };
  }

  /**
   * Runs `work` when `kind` has a free turn; refuses it with 503 (nothing of it run) when as many are
   * already running and waiting as the limit and the queue allow.
   */
  async run<T>(kind: HeavyKind, work: () => Promise<T>): Promise<T> {
    const { limit, capacity } = this.limits[kind];
    // p-limit counts work as pending from the call and as active from its start until just after it
    // ends, each step synchronously: the sum is how many are let in, never fewer.
    if (limit.activeCount + limit.pendingCount >= capacity) {
      throw serviceUnavailable(KINDS[kind].refusal, KINDS[kind].retryAfterSeconds);
    }
    return limit(work);
  }

  /** How many of `kind` are running and waiting now (for logs and tests). */
  load(kind: HeavyKind): { running: number; waiting: number } {
    const { limit } = this.limits[kind];
    return { running: limit.activeCount, waiting: limit.pendingCount };
  }
}

/** Documents the 503 of a route that does heavy work of `kind` (besides the database's own 503). */
export const ApiHeavyWork = (kind: HeavyKind) => ApiBusy(KINDS[kind].documented, KINDS[kind].refusal);

/** Lets other requests run between batches of a long loop of synchronous work (every `every` items). */
export async function yieldEvery(index: number, every = 200): Promise<void> {
  if (index % every === every - 1) await nextTurn();
}
