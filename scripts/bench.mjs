// `npm run bench`: throughput and latency of the service's main read paths, printed as a table.
// Boots the built app (dist/) on its own throwaway database (embedded, or BENCH_DATABASE_URL),
// seeds users and audit entries, then drives each route with autocannon. Figures, not assertions:
// the speed targets live here, never in unit tests.
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, takeOverShutdownSignals } from './embedded-postgres.mjs';

const require = createRequire(import.meta.url);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SEED_USERS = 5000;
const SEED_AUDIT = 100000;

takeOverShutdownSignals();
const embedded = process.env.BENCH_DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dir: path.join(mkdtempSync(path.join(os.tmpdir(), 'iris-bench-')), 'pg', 'data'),
      persistent: false,
      database: 'iris_bench',
    });
const port = await freePort();
Object.assign(process.env, {
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? embedded.url,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret!',
  ADMIN_EMAIL: 'bench-admin@example.la',
  ADMIN_PASSWORD: 'bench-admin-password',
  LOGIN_MAX_FAILURES_PER_IP: '1000000',
});

const { bootstrap } = require('../dist/src/main.js');
const app = await bootstrap({ shutdownHooks: false });
const base = `http://127.0.0.1:${port}`;

try {
  await seed(process.env.DATABASE_URL);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-admin@example.la', password: 'bench-admin-password' }),
  }).then((r) => r.json());
  const auth = { authorization: `Bearer ${login.accessToken}` };
  const { items } = await fetch(`${base}/api/v1/users?limit=1&offset=2500`, { headers: auth }).then((r) =>
    r.json(),
  );

  const cases = [
    { name: 'GET /health/ready (db ping)', path: '/health/ready' },
    { name: 'GET /auth/me (guard: JWT + user read)', path: '/api/v1/auth/me', headers: auth },
    { name: `GET /users?limit=20 (of ${SEED_USERS})`, path: '/api/v1/users?limit=20', headers: auth },
    { name: 'GET /users?q=user-42 (ILIKE)', path: '/api/v1/users?q=user-42', headers: auth },
    {
      name: `GET /audit-log?entityId= (of ${SEED_AUDIT})`,
      path: `/api/v1/audit-log?entityType=user&entityId=${items[0].id}`,
      headers: auth,
    },
    { name: 'GET /audit-log?limit=20 (newest)', path: '/api/v1/audit-log?limit=20', headers: auth },
    {
      name: 'POST /auth/login (Argon2id verify)',
      path: '/api/v1/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-admin@example.la', password: 'bench-admin-password' }),
    },
  ];
  const rows = [];
  for (const c of cases) {
    const result = await autocannon({
      url: base + c.path,
      method: c.method ?? 'GET',
      headers: c.headers,
      body: c.body,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    rows.push({
      route: c.name,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    });
  }
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s per route, ${os.cpus().length} cores shared by load, app and database\n`,
  );
  console.table(rows);
} finally {
  // autocannon drops its sockets at the end; let handlers still running (Argon2) finish first.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await app.close();
  await embedded?.stop();
}

async function seed(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const hash = (await client.query(`SELECT password_hash FROM users LIMIT 1`)).rows[0].password_hash;
  await client.query(
    `INSERT INTO users (email, name, password_hash, roles, version)
     SELECT 'user-' || i || '@example.la', 'Bench User ' || i, $1, '{trainer}', 1 FROM generate_series(1, $2) i`,
    [hash, SEED_USERS],
  );
  await client.query(
    `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, after)
     SELECT NULL, 'user.updated', 'user', u.id::text, jsonb_build_object('n', g)
     FROM generate_series(1, $1) g JOIN LATERAL (SELECT id FROM users ORDER BY random() LIMIT 1 OFFSET (g % 5)) u ON true`,
    [SEED_AUDIT],
  );
  await client.query('ANALYZE');
  await client.end();
}
