import { Module, RequestMethod } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE, RouterModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AgenciesModule } from './agencies/agencies.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { CertificatesModule } from './certificates/certificates.module';
import { CertificationModule } from './certification/certification.module';
import { ConnectionDrainer } from './common/connection-drainer';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { RequestLimitsModule } from './common/request-limits';
import { ClockModule } from './common/clock';
import { createValidationPipe } from './common/validation';
import { AppErrorsFilter } from './app-errors.filter';
import { API_PREFIX } from './app.setup';
import { AppConfig, validateEnvironment } from './config/config';
import { ChangeFeedModule } from './database/change-feed';
import { databaseOptions } from './database/database.options';
import { MigrationsRunner } from './database/migrations-runner';
import { TypeOrmLogger } from './database/typeorm-logger';
import { ConsoleModule } from './console/console.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { PublicPagesModule } from './public/public-pages.module';
import { PublicModule } from './public/public.module';
import { ReferenceModule } from './reference/reference.module';
import { ReportsModule } from './reports/reports.module';
import { TrainingsModule } from './trainings/trainings.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    // Validated when the app is created (not when this file is imported), then read typed, never from raw env.
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      skipProcessEnv: true,
      load: [() => validateEnvironment(process.env)],
    }),
    LoggerModule.forRootAsync({
      // nestjs-pino 4 (the line that runs on Node 20) types these two from a path Nest 12 no longer exports,
      // which makes them required; they are empty.
      imports: [],
      providers: [],
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        // Every path: nestjs-pino's default ('*') logs nothing once the API prefix comes from RouterModule.
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        // Written through process.stdout (not a raw file descriptor), so tests can read what is logged.
        pinoHttp: [
          {
            level: config.get('LOG_LEVEL', { infer: true }),
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
          process.stdout,
        ],
      }),
    }),
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        ...databaseOptions(config.get('DATABASE_URL', { infer: true }), {
          poolSize: config.get('DATABASE_POOL_SIZE', { infer: true }),
          readUrls: config.get('DATABASE_READ_URLS', { infer: true }),
          timeouts: {
            connectMs: config.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true }),
            statementMs: config.get('DATABASE_STATEMENT_TIMEOUT_MS', { infer: true }),
            lockMs: config.get('DATABASE_LOCK_TIMEOUT_MS', { infer: true }),
            queryMs: config.get('DATABASE_QUERY_TIMEOUT_MS', { infer: true }),
          },
        }),
        logging: ['error', 'warn', 'migration'],
        logger: new TypeOrmLogger(),
        maxQueryExecutionTime: 1000,
      }),
    }),
    ScheduleModule.forRoot(),
    // Requests a minute per address (public routes and pages) and per account (the signed-in API).
    RequestLimitsModule,
    ChangeFeedModule,
    ClockModule,
    AuditLogModule,
    UsersModule,
    AuthModule,
    HealthModule,
    ReferenceModule,
    AgenciesModule,
    TrainingsModule,
    CertificationModule,
    CertificatesModule,
    PublicModule,
    PublicPagesModule,
    ReportsModule,
    JobsModule,
    ConsoleModule,
    DemoModule,
    // The JSON API lives under /api/v1; health and the public pages stay at the root.
    RouterModule.register([
      {
        path: API_PREFIX,
        children: [
          AuditLogModule,
          UsersModule,
          AuthModule,
          ReferenceModule,
          AgenciesModule,
          TrainingsModule,
          CertificationModule,
          CertificatesModule,
          PublicModule,
          ReportsModule,
          JobsModule,
        ],
      },
    ]),
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    ProblemDetailsFilter,
    { provide: APP_FILTER, useClass: AppErrorsFilter },
    ConnectionDrainer,
    // Pending migrations run at start-up, all in one transaction, one replica at a time.
    MigrationsRunner,
  ],
})
export class AppModule {}
