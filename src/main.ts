import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import type { AppConfig } from './config/config';

/** Creates, configures and starts the service. `scripts/start.mjs` calls it after providing a database. */
export async function bootstrap(options: { shutdownHooks: boolean }): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    bufferLogs: true,
    abortOnError: false,
  });
  // SIGTERM (docker stop) or SIGINT: answer the requests already sent, close the server, then the pool
  // (ConnectionDrainer says how).
  if (options.shutdownHooks) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await configureApp(app);
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  await app.listen({ port: config.get('PORT', { infer: true }), host: config.get('HOST', { infer: true }) });
  new Logger('Bootstrap').log(`Listening on ${await app.getUrl()}`);
  return app;
}

if (require.main === module) {
  bootstrap({ shutdownHooks: true }).catch((error: Error) => {
    // A configuration error is one line naming the variable; anything else keeps its stack.
    console.error(error.name === 'ConfigError' ? error.message : error);
    process.exit(1);
  });
}
