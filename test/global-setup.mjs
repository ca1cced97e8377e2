// Once per `npm test` run: a PostgreSQL server (embedded unless TEST_DATABASE_URL names one), and a
// template database migrated once; each test file then clones it (test/utils/database.ts).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.mjs';

export default async function globalSetup() {
  const started = Date.now();
  let adminUrl;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const dir = path.join(os.tmpdir(), `iris-test-pg-${randomBytes(4).toString('hex')}`, 'data');
    const embedded = await startEmbeddedPostgres({ dir, persistent: false, database: 'iris_test' });
    globalThis.__EMBEDDED_PG__ = embedded;
    adminUrl = embedded.adminUrl;
  }
  const template = `iris_test_tpl_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  await client.query(`CREATE DATABASE "${template}"`);
  await client.end();

  const templateUrl = withDatabase(adminUrl, template);
  const migrate = spawnSync(
    process.execPath,
    ['node_modules/typeorm/cli-ts-node-commonjs.js', 'migration:run', '-d', 'src/database/data-source.ts'],
    { env: { ...process.env, DATABASE_URL: templateUrl, TS_NODE_TRANSPILE_ONLY: 'true' }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    await globalThis.__EMBEDDED_PG__?.stop();
    throw new Error(`Migrating the test template failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  // Inherited by the workers: the server to clone on, and the template to clone.
  process.env.TEST_ADMIN_DATABASE_URL = withDatabase(adminUrl, 'postgres');
  process.env.TEST_TEMPLATE_DATABASE = template;
  globalThis.__TEST_TEMPLATE__ = template;
  // Each test file adds how many answers it checked against the OpenAPI document; the teardown sums them.
  process.env.TEST_CONTRACT_COUNT_FILE = path.join(os.tmpdir(), `iris-contract-${template}.txt`);
  console.log(`\nPostgreSQL ready, template ${template} migrated in ${Date.now() - started} ms`);
}

export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
