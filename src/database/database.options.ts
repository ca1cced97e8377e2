import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * One definition shared by the app and the migration CLI (`src/database/data-source.ts`). With read
 * replicas, every query still goes to the primary unless it asks for a replica with
 * `createQueryRunner('slave')` (the public registry does); without them such a runner is the primary.
 */
export function databaseOptions(url: string, poolSize = 10, readUrls: string[] = []): DataSourceOptions {
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
    extra: { max: poolSize, application_name: 'iris-lao' },
  };
}
