import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database.options';

// For the TypeORM CLI (npm run migration:*), which scripts/typeorm.mjs points at a database.
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');

// Migrations by hand may take as long as they need: no statement, lock or answer timeout (0 is none).
export default new DataSource(
  databaseOptions(process.env.DATABASE_URL, {
    timeouts: { connectMs: 10_000, statementMs: 0, lockMs: 0, queryMs: 0 },
  }),
);
