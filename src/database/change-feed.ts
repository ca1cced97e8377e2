import {
  Global,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Client, type ClientConfig, type Pool } from 'pg';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The channel the database announces changes on (migration AnnounceRegistryChanges). */
export const CHANGES_CHANNEL = 'iris_changes';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Tells in-memory copies of registry data when they may be out of date, so a copy is never relied on
 * longer than the data it holds:
 * - at once, when this process commits a transaction (every use case writes in one);
 * - within milliseconds, when any process writes the certificates or agencies tables: a trigger
 *   (statement level) sends a NOTIFY on `iris_changes` at commit, and this process LISTENs on a
 *   connection of its own;
 * - whenever that connection is lost or comes back: nothing could be heard in between.
 *
 * `live` is false until the LISTEN is in place and while its connection is down: a copy must then not
 * be used. Each change bumps `generation`, so a read that raced a change can tell and not keep its copy.
 */
@Injectable()
export class ChangeFeed implements EntitySubscriberInterface, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly listeners = new Set<() => void>();
  private client: Client | null = null;
  private retryMs = RETRY_MIN_MS;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private down = false;
  live = false;
  generation = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    // TypeORM calls afterTransactionCommit on every subscriber of the data source.
    dataSource.subscribers.push(this);
  }

  /** `listener` runs on every change, and whenever changes may have been missed. */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * An in-memory copy of what `load` reads, emptied on every change: it answers only while the feed is
   * live, and keeps a value only if nothing changed while it was read.
   */
  keep<V extends object>(options: LRUCache.Options<string, V, unknown>): KeptCopy<V> {
    const copies = new LRUCache<string, V>(options);
    this.onChange(() => copies.clear());
    return {
      read: async (key, load) => {
        const kept = this.live ? copies.get(key) : undefined;
        if (kept !== undefined) return kept;
        const generation = this.live ? this.generation : NaN;
        const value = await load();
        if (generation === this.generation) copies.set(key, value);
        return value;
      },
    };
  }

  afterTransactionCommit(): void {
    this.changed();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.live = false;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private changed(): void {
    this.generation++;
    for (const listener of this.listeners) listener();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool & { options: ClientConfig };
    const client = new Client({ ...pool.options, keepAlive: true });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.live = false;
      this.changed();
      if (!this.down) this.logger.warn(`Lost the change feed (${error?.message ?? 'closed'}); retrying`);
      this.down = true;
      client.end().catch(() => undefined);
      this.schedule();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) this.changed();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    if (this.client !== client) return;
    // Whatever happened before this LISTEN was not heard.
    this.changed();
    this.live = true;
    this.retryMs = RETRY_MIN_MS;
    if (this.down) this.logger.log('Change feed restored');
    this.down = false;
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}

/** Values read through a ChangeFeed's copy (ChangeFeed.keep). */
export interface KeptCopy<V> {
  /** The kept value for `key`, or what `load` reads (an error it throws is not kept). */
  read(key: string, load: () => Promise<V>): Promise<V>;
}

@Global()
@Module({ providers: [ChangeFeed], exports: [ChangeFeed] })
export class ChangeFeedModule {}
