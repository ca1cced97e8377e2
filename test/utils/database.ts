import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function urlFor(database: string): string {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database for one test file: a clone of the migrated template (fast, isolated). */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `iris_test_${randomBytes(6).toString('hex')}`;
  // Never touch a database that is not plainly a test database.
  if (!name.includes('test') || !process.env.TEST_TEMPLATE_DATABASE?.includes('test')) {
    throw new Error(`Refusing to use a database whose name lacks "test": ${name}`);
  }
  await withAdmin((c) =>
    c.query(`CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_TEMPLATE_DATABASE}"`),
  );
  return {
    url: urlFor(name),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
