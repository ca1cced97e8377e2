import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** Milliseconds; each is a setting (DATABASE_*_TIMEOUT_MS, README §Configuration). */
export interface DatabaseTimeouts {
  /** To get a connection from the pool, or open one. */
  connectMs: number;
  /** PostgreSQL's statement_timeout: the longest a statement may run. */
  statementMs: number;
  /** PostgreSQL's lock_timeout: the longest a statement may wait for a lock. */
  lockMs: number;
  /** The client's own limit for an answer: holds when the server is frozen and cannot time out. */
  queryMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  lockMs: 10_000,
  queryMs: 35_000,
};

export interface DatabaseSettings {
  poolSize?: number;
  readUrls?: string[];
  timeouts?: DatabaseTimeouts;
}

/**
 * One definition shared by the app and the migration CLI (`src/database/data-source.ts`). With read
 * replicas, every query still goes to the primary unless it asks for a replica with
 * `createQueryRunner('slave')` (the public registry does); without them such a runner is the primary.
 */
export function databaseOptions(
  url: string,
  { poolSize = 10, readUrls = [], timeouts = DEFAULT_DATABASE_TIMEOUTS }: DatabaseSettings = {},
): DataSourceOptions {
  const connection =
    readUrls.length === 0
      ? { url }
      : {
          replication: {
            master: { url },
            slaves: readUrls.map((readUrl) => ({ url: readUrl })),
            // TypeORM's default sends every SELECT to a replica: reads right after a write would miss it.
            defaultMode: 'master' as const,
          },
        };
  return {
    type: 'postgres',
    ...connection,
    // Schema changes come only from reviewed migrations in /migrations.
    synchronize: false,
    entities: [path.join(__dirname, '..', '**', '*.entity.{js,ts}')],
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install (managed servers may forbid it).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Per pool: the primary and each replica get their own.
    extra: {
      max: poolSize,
      application_name: 'iris-lao',
      // A database that is down, frozen or overloaded answers a prompt 503, never a request that hangs:
      // waiting for a pooled connection (or a new one), a statement, a row lock and the server's answer
      // are each bounded.
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      query_timeout: timeouts.queryMs,
      // A transaction left open by a crashed request must not hold its locks for ever.
      idle_in_transaction_session_timeout: timeouts.queryMs * 2,
    },
  };
}
