import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/** One definition shared by the app and the migration CLI (`src/database/data-source.ts`). */
export function databaseOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Schema changes come only from reviewed migrations in /migrations.
    synchronize: false,
    entities: [path.join(__dirname, '..', '**', '*.entity.{js,ts}')],
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install (managed servers may forbid it).
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    extra: { max: poolSize, application_name: 'iris-lao' },
  };
}
