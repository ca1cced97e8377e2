import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { createTestDatabase } from './database';
import { Fixtures } from './fixtures';

export interface TestApp {
  app: NestFastifyApplication;
  http: App;
  db: DataSource;
  fx: Fixtures;
  close: () => Promise<void>;
}

/**
 * The real application on its own clone of the migrated database. `env` overrides configuration
 * for this file; `beforeInit` sees the app before its routes are registered.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; beforeInit?: (app: NestFastifyApplication) => void } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const overrides = { DATABASE_URL: database.url, ...options.env };
  const previous = Object.fromEntries(Object.keys(overrides).map((key) => [key, process.env[key]]));
  Object.assign(process.env, overrides);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), { bufferLogs: true });
  options.beforeInit?.(app);
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(DataSource);
  return {
    app,
    http: app.getHttpServer(),
    db,
    fx: new Fixtures(app),
    close: async () => {
      try {
        await app.close();
      } finally {
        await database.drop();
        // Workers run several files: leave the environment as this file found it.
        for (const [key, value] of Object.entries(previous)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    },
  };
}
