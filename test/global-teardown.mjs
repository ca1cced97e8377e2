import pg from 'pg';

export default async function globalTeardown() {
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
