import type { INestApplicationContext, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { addDays } from '../../src/common/lao-calendar';
import { createTestDatabase } from './database';
import { Fixtures } from './fixtures';

/** What every test of the integration and e2e tiers holds: the services, the database and the app's day. */
export interface TestHarness {
  /** A provider of the real application (a service, a repository, the Clock). */
  get<T>(type: Type<T>): T;
  db: DataSource;
  /** The database's URL, to start a second app on it (`databaseUrl` option). */
  databaseUrl: string;
  fx: Fixtures;
  /** Today in Lao PDR by the app's Clock (TEST_TODAY sets it): the day every test dates from. */
  today(): string;
  /** The Lao day `offset` days from the Clock's today (earlier when negative). */
  day(offset: number): string;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  /** Configuration for this file, over test/setup-env.ts. */
  env?: Record<string, string>;
  /** Another harness's database, which it keeps (this one does not drop it). */
  databaseUrl?: string;
}

/**
 * Gives `start` its own clone of the migrated database (or `databaseUrl`) and the environment `env`,
 * then puts the environment back on close: workers run several files in turn.
 */
export async function prepareHarness<T extends INestApplicationContext>(
  options: HarnessOptions,
  start: () => Promise<T>,
): Promise<{ context: T; harness: TestHarness }> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const overrides = { DATABASE_URL: database.url, ...options.env };
  const previous = Object.fromEntries(Object.keys(overrides).map((key) => [key, process.env[key]]));
  Object.assign(process.env, overrides);
  const restore = () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  let context: T;
  try {
    context = await start();
  } catch (error) {
    // A context that fails to start (a configuration test) must not leave its settings or database behind.
    restore();
    await database.drop();
    throw error;
  }
  const clock = context.get(Clock);
  const harness: TestHarness = {
    get: (type) => context.get(type),
    db: context.get(DataSource),
    databaseUrl: database.url,
    fx: new Fixtures(context),
    today: () => clock.today(),
    day: (offset) => addDays(clock.today(), offset),
    close: async () => {
      try {
        await context.close();
      } finally {
        await database.drop();
        restore();
      }
    },
  };
  return { context, harness };
}
