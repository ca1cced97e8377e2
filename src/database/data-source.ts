import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database.options';

// For the TypeORM CLI (npm run migration:*), which scripts/typeorm.mjs points at a database.
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');

export default new DataSource(databaseOptions(process.env.DATABASE_URL));
