import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import connectPgSimple from 'connect-pg-simple';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AppConfig } from '../config/config';

export const STAFF_PREFIX = '/staff';
export const SESSION_COOKIE = 'iris_staff';

/** What a staff session holds: who signed in, and when (the absolute limit) and last acted (the idle one). */
export interface StaffSessionData {
  userId?: string;
  startedAt?: number;
  lastSeenAt?: number;
  /** One notice to show on the next page (signed out for being idle, a change saved). */
  flash?: string;
}

declare module 'fastify' {
  // Declaration merging: @fastify/session's Session gains the console's fields.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Session extends StaffSessionData {}
}

/**
 * Sessions for people in the staff console (the API keeps its bearer tokens): server-side in PostgreSQL
 * (`staff_sessions`, so replicas share them and signing out ends one), in an HttpOnly, SameSite=Lax
 * cookie scoped to /staff, Secure in production; forms posted as application/x-www-form-urlencoded; a
 * CSRF token, kept in the session, on every state-changing request (checked by StaffGuard).
 */
export async function registerStaffSessions(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  const pool = (app.get(DataSource).driver as PostgresDriver).master as Pool;
  const PgStore = connectPgSimple(fastifySession as never);
  const idleMinutes = config.get('STAFF_SESSION_IDLE_MINUTES', { infer: true });
  const store = new PgStore({
    pool,
    tableName: 'staff_sessions',
    createTableIfMissing: false,
    ttl: idleMinutes * 60,
    // Expired sessions are deleted every quarter hour, by whichever replica gets there.
    pruneSessionInterval: 15 * 60,
  });
  // Its pruning timer would otherwise keep a closing process alive.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => store.close());
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    cookieName: SESSION_COOKIE,
    // Its own key, derived from JWT_SECRET: one secret to keep, two keys in use.
    secret: createHmac('sha256', config.get('JWT_SECRET', { infer: true }))
      .update('iris-staff-session')
      .digest('base64url'),
    store,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      path: STAFF_PREFIX,
      httpOnly: true,
      sameSite: 'lax',
      secure:
        config.get('STAFF_COOKIE_SECURE', { infer: true }) ??
        config.get('NODE_ENV', { infer: true }) === 'production',
      maxAge: idleMinutes * 60 * 1000,
    },
  });
  // Pages get tokens from reply.generateCsrf(); StaffGuard checks them: a form's hidden field, htmx's
  // header, or, for a file upload (multipart), the form's action URL.
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
}
