// connect-pg-simple ships no types; the part used: a session store class over a pg pool.
declare module 'connect-pg-simple' {
  import type { Pool } from 'pg';

  interface PgStoreOptions {
    pool: Pool;
    tableName?: string;
    createTableIfMissing?: boolean;
    /** Seconds a session lives in the store without a cookie expiry. */
    ttl?: number;
    pruneSessionInterval?: false | number;
  }

  type PgStore = import('@fastify/session').SessionStore & {
    /** Stops the pruning timer (the pool is the caller's and stays open). */
    close(): Promise<void>;
  };

  type PgStoreClass = new (options: PgStoreOptions) => PgStore;

  export default function connectPgSimple(session: unknown): PgStoreClass;
}
