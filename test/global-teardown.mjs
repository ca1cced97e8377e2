import { existsSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const counts = process.env.TEST_CONTRACT_COUNT_FILE;
  if (counts && existsSync(counts)) {
    const total = readFileSync(counts, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .reduce((a, b) => a + b, 0);
    console.log(`\nAnswers validated against the OpenAPI document: ${total}`);
    rmSync(counts);
  }
  if (globalThis.__EMBEDDED_PG__) {
    await globalThis.__EMBEDDED_PG__.stop();
    return;
  }
  // On a shared server, drop what this run created (clones are dropped by their own files).
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${globalThis.__TEST_TEMPLATE__}" WITH (FORCE)`);
  await client.end();
}
