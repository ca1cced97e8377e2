import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { createOpenApiDocument } from '../../src/common/openapi';
import { createTestDatabase } from './database';
import { Fixtures } from './fixtures';
import { enforceContract } from './openapi-contract';

export interface TestApp {
  app: NestFastifyApplication;
  http: App;
  db: DataSource;
  /** The database's URL, to start a second app on it (`database` option). */
  databaseUrl: string;
  fx: Fixtures;
  close: () => Promise<void>;
}

/**
 * The real application on its own clone of the migrated database, or on `databaseUrl` (another test
 * app's, which keeps it). `env` overrides configuration for this file; `beforeInit` sees the app
 * before its routes are registered.
 */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    beforeInit?: (app: NestFastifyApplication) => void;
    databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => Promise.resolve() }
    : await createTestDatabase();
  const overrides = { DATABASE_URL: database.url, ...options.env };
  const previous = Object.fromEntries(Object.keys(overrides).map((key) => [key, process.env[key]]));
  Object.assign(process.env, overrides);
  // Workers run several files: leave the environment as this file found it.
  const restore = () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), { bufferLogs: true });
    options.beforeInit?.(app);
    await configureApp(app);
    enforceContract(app.getHttpAdapter().getInstance(), () => createOpenApiDocument(app));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // An app that fails to start (a configuration test) must not leave its settings or database behind.
    restore();
    await database.drop();
    throw error;
  }
  const db = app.get(DataSource);
  return {
    app,
    http: app.getHttpServer(),
    db,
    databaseUrl: database.url,
    fx: new Fixtures(app),
    close: async () => {
      try {
        await app.close();
      } finally {
        await database.drop();
        restore();
      }
    },
  };
}
