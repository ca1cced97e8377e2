import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';

type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * Applies pending migrations at start-up under a PostgreSQL advisory lock: replicas starting together
 * on a new release take turns, and the later ones find nothing left to do (TypeORM itself takes no lock).
 * On connections of their own without the request timeouts: a migration may rewrite a large table, and
 * a replica waits for another's migrations however long they take.
 */
@Injectable()
export class MigrationsRunner implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const migrator = await new DataSource(untimedOptions(this.dataSource.options)).initialize();
    const lockHolder = migrator.createQueryRunner();
    try {
      await lockHolder.connect();
      await lockHolder.query(`SELECT pg_advisory_lock(hashtext('iris-lao.migrations'))`);
      await migrator.runMigrations({ transaction: 'all' });
    } finally {
      await lockHolder
        .query(`SELECT pg_advisory_unlock(hashtext('iris-lao.migrations'))`)
        .catch(() => undefined);
      await lockHolder.release();
      await migrator.destroy();
    }
  }
}

/** The app's options with a pool of two (the lock's and the migrations') and no statement limits. */
function untimedOptions(options: DataSource['options']): PostgresConnectionOptions {
  const postgres = options as PostgresConnectionOptions;
  const {
    statement_timeout: _statement,
    lock_timeout: _lock,
    query_timeout: _query,
    idle_in_transaction_session_timeout: _idle,
    ...extra
  } = (postgres.extra ?? {}) as Record<string, unknown>;
  return { ...postgres, extra: { ...extra, max: 2 } };
}
