import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Applies pending migrations at start-up under a PostgreSQL advisory lock: replicas starting together
 * on a new release take turns, and the later ones find nothing left to do (TypeORM itself takes no lock).
 */
@Injectable()
export class MigrationsRunner implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const lockHolder = this.dataSource.createQueryRunner();
    await lockHolder.connect();
    try {
      await lockHolder.query(`SELECT pg_advisory_lock(hashtext('iris-lao.migrations'))`);
      await this.dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lockHolder
        .query(`SELECT pg_advisory_unlock(hashtext('iris-lao.migrations'))`)
        .catch(() => undefined);
      await lockHolder.release();
    }
  }
}
