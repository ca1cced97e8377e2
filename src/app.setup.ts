import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import path from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import { Logger } from 'nestjs-pino';
import { ConnectionDrainer } from './common/connection-drainer';
import { createOpenApiDocument } from './common/openapi';
import { registerStaffSessions } from './console/staff-sessions';
import { frameworkProblem } from './common/problem-details.filter';
import { registerConditionalGet } from './common/http-cache';
import { acceptFileBodies, UPLOAD_MAX_BYTES } from './common/uploads';
import { acceptBoundedJson } from './common/json-limits';
import { requestIdFor } from './common/request-id';
import { RequestLimits } from './common/request-limits';
import { type AppConfig, trustProxySetting, validateEnvironment } from './config/config';
import { templatesDir } from './common/i18n';

export const API_PREFIX = 'api/v1';

/** The HTTP server, from the validated environment (the adapter exists before Nest's ConfigService). */
export function createAdapter(config: AppConfig = validateEnvironment(process.env)): FastifyAdapter {
  const requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  const headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  return new FastifyAdapter({
    // Every wait is bounded, so a client that sends slowly (a slowloris) or not at all is cut off.
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    requestTimeout,
    connectionTimeout: config.HTTP_CONNECTION_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    // Node checks the request and headers deadlines every interval (30 s by default): often enough here
    // that a deadline is kept to within half of itself.
    http: {
      headersTimeout,
      connectionsCheckingInterval: Math.min(5000, Math.floor(Math.min(requestTimeout, headersTimeout) / 2)),
    },
    // Behind a load balancer, the client address (login throttling) comes from X-Forwarded-For.
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // pino-http (nestjs-pino) logs requests under this id; Fastify's own logger stays off.
    logger: false,
    genReqId: requestIdFor,
    frameworkErrors: frameworkProblem,
  });
}

/** Everything main.ts and the tests share: logging, prefix, security headers, CORS, OpenAPI. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  // Before the sessions and the body: a public request is counted as soon as its headers are read.
  app.get(RequestLimits).attach(fastify);
  app.get(ConnectionDrainer).attach(fastify);
  acceptFileBodies(fastify);
  acceptBoundedJson(app, config.get('HTTP_BODY_LIMIT_BYTES', { infer: true }));
  await registerStaffSessions(app);
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 5 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`],
        // Every page loads only same-origin relative URLs; upgrading them would break a plain-HTTP trial
        // install (docker-compose on a LAN address) without protecting anything behind TLS.
        upgradeInsecureRequests: null,
      },
    },
  });
  // A 200 to a GET gets an ETag, and a 304 when the client has it already (the public registry's caching).
  await registerConditionalGet(app);
  // Pages, JSON, CSS and scripts travel compressed (brotli or gzip, as the client offers), after the ETag
  // is taken from the uncompressed answer; small answers and PDFs (already compressed) stay as they are.
  // Brotli at quality 4: most of its gain at a fraction of the default (11)'s CPU per answer.
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await registerAssets(app);
  const origins = config.get('CORS_ORIGINS', { infer: true });
  if (origins.length > 0) app.enableCors({ origin: origins, maxAge: 600 });
  await setupOpenApi(app);
}

/** The public pages' stylesheet and Lao web font (Noto Sans Lao, Lao-script subset: 9 KB a weight). */
async function registerAssets(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(templatesDir(), 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
  });
  // htmx enhances console pages (inline saves, partial reloads); every task also works without it.
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(require.resolve('htmx.org/package.json')), 'dist'),
    prefix: '/assets/htmx/',
    decorateReply: false,
    maxAge: '30d',
    allowedPath: (pathName) => pathName === '/htmx.min.js',
  });
  await app.register(fastifyStatic, {
    root: path.join(path.dirname(require.resolve('@fontsource/noto-sans-lao/package.json')), 'files'),
    prefix: '/fonts/',
    decorateReply: false,
    maxAge: '30d',
  });
}

async function setupOpenApi(app: NestFastifyApplication): Promise<void> {
  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'IRIS Lao PDR API',
    swaggerOptions: { persistAuthorization: true },
  });
}
