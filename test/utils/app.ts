import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { App } from 'supertest/types';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { createOpenApiDocument } from '../../src/common/openapi';
import { type HarnessOptions, prepareHarness, type TestHarness } from './harness';
import { enforceContract } from './openapi-contract';

export interface TestApp extends TestHarness {
  app: NestFastifyApplication;
  http: App;
}

/**
 * The real application, with its HTTP adapter, on its own clone of the migrated database (or on
 * `databaseUrl`, another test app's, which keeps it). `env` overrides configuration for this file;
 * `beforeInit` sees the app before its routes are registered. For the e2e tier: every answer is checked
 * against the OpenAPI document.
 */
export async function createTestApp(
  options: HarnessOptions & { beforeInit?: (app: NestFastifyApplication) => void } = {},
): Promise<TestApp> {
  const { context: app, harness } = await prepareHarness(options, async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const created = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
      bufferLogs: true,
    });
    options.beforeInit?.(created);
    await configureApp(created);
    enforceContract(created.getHttpAdapter().getInstance(), () => createOpenApiDocument(created));
    await created.init();
    await created.getHttpAdapter().getInstance().ready();
    return created;
  });
  return { ...harness, app, http: app.getHttpServer() };
}
