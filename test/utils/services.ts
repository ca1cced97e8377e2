import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { type HarnessOptions, prepareHarness, type TestHarness } from './harness';

export type TestServices = TestHarness;

/**
 * The application's modules without the HTTP adapter, for the integration tier: the services with their
 * real repositories on a clone of the migrated database, as a request would reach them, but no routes,
 * no pages and no OpenAPI document. `get(Service)` gives a service; `fx` builds data; `today()` is the
 * app's day.
 */
export async function createTestServices(options: HarnessOptions = {}): Promise<TestServices> {
  const { harness } = await prepareHarness(options, async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    return moduleRef.init();
  });
  return harness;
}
