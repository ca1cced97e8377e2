// Shared by the outage and crash suites (`npm run test:outage`): a PostgreSQL cluster they own (so they
// can stop, freeze and restart it), the built service as a real child process (`node dist/src/main.js`),
// and a small HTTP client with a cookie jar for the staff console.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

export const ADMIN = { email: 'outage.admin@example.la', password: 'outage-admin-password-1' };
const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

/** One secret for every start of the service in a run, so tokens stay valid across a restart. */
const JWT_SECRET = randomBytes(32).toString('hex');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A throwaway cluster that can be stopped and started again on the same port (the service keeps its
 * DATABASE_URL), and frozen: SIGSTOP to the postmaster and every child, as a hung host would look.
 */
export async function startCluster() {
  const dir = path.join(os.tmpdir(), `iris-outage-pg-${randomBytes(4).toString('hex')}`, 'data');
  const options = { dir, persistent: true, database: 'iris_outage' };
  let server = await startEmbeddedPostgres(options);
  const port = Number(new URL(server.url).port);
  const cluster = {
    url: server.url,
    async stop() {
      await server.stop();
    },
    async start() {
      server = await startEmbeddedPostgres({ ...options, port });
    },
    /** The postmaster and its children (sessions, checkpointer, WAL writer…). */
    processes() {
      return [server.pid, ...childrenOf(server.pid)];
    },
    freeze() {
      // Thawed whatever ends this process: a stopped server would ignore the SIGINT that stops it.
      process.once('exit', cluster.thaw);
      for (const pid of cluster.processes()) signal(pid, 'SIGSTOP');
    },
    thaw() {
      process.off('exit', cluster.thaw);
      for (const pid of cluster.processes()) signal(pid, 'SIGCONT');
    },
    async destroy() {
      await server.stop().catch(() => {});
      // The cluster's own folder: under ours, or in /var/tmp when the postgres user could not reach ours.
      await fs.rm(server.dataDir, { recursive: true, force: true });
      await fs.rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
  return cluster;
}

/** A signal to a process that may have ended meanwhile (a session closing). */
function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Linux: the processes whose parent is `pid`, read from /proc. */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": the command may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return children;
}

/**
 * The built service, as production runs it, on `databaseUrl`; resolves once /health/ready answers 200.
 * `kill()` is a SIGKILL (no drain, no pool close): what a crash or an OOM kill does.
 */
export async function startService(databaseUrl, env = {}) {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'iris-outage-app-'));
  const child = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_READ_URLS: '',
      DATA_DIR: dataDir,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'fatal',
      STAFF_COOKIE_SECURE: 'false',
      CLOCK_TODAY: process.env.TEST_TODAY ?? '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const base = `http://127.0.0.1:${port}`;
  const service = {
    base,
    pid: child.pid,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited at start-up:\n${stderr}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return service;
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`the service was not ready within 90 s:\n${stderr}`);
    }
    await sleep(200);
  }
}

/** fetch with a JSON body and a bearer token; answers { status, headers, body (parsed JSON or text) }. */
export async function call(base, method, url, { token, json, body, type, headers = {} } = {}) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(type ? { 'content-type': type } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : body,
    redirect: 'manual',
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  let parsed = text;
  if (/json/.test(res.headers.get('content-type') ?? '')) parsed = text ? JSON.parse(text) : null;
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function login(base, email, password) {
  const res = await call(base, 'POST', '/api/v1/auth/login', { json: { email, password } });
  if (res.status !== 200) throw new Error(`login as ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** A user with these roles, created by the admin; answers { id, email, token }. */
export async function createUser(base, adminToken, roles) {
  const email = `${roles.join('-')}.${randomBytes(3).toString('hex')}@example.la`;
  const password = `password-${randomBytes(6).toString('hex')}`;
  const res = await call(base, 'POST', '/api/v1/users', {
    token: adminToken,
    json: { email, name: `Outage ${roles.join(' ')}`, password, roles },
  });
  if (res.status !== 201)
    throw new Error(`creating a ${roles} user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, token: await login(base, email, password) };
}

/** Signs in to the staff console through its form; answers a GET with the session cookie. */
export async function consoleSession(base, email, password) {
  const jar = new Map();
  const remember = (res) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const form = await fetch(`${base}/staff/sign-in`);
  remember(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const signIn = await fetch(`${base}/staff/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf ?? '', email, password }),
    redirect: 'manual',
  });
  remember(signIn);
  if (signIn.status !== 303) throw new Error(`console sign-in answered ${signIn.status}`);
  return (url) =>
    fetch(`${base}${url}`, {
      headers: { cookie: cookie(), 'accept-language': 'en' },
      redirect: 'manual',
      signal: AbortSignal.timeout(120_000),
    }).then(async (res) => ({ status: res.status, headers: res.headers, body: await res.text() }));
}

/** An agency CSV (the import's columns) with licences active on any day the suite runs. */
export function agencyCsv(prefix, count) {
  const today = process.env.TEST_TODAY ? new Date(`${process.env.TEST_TODAY}T12:00:00Z`) : new Date();
  const year = today.getUTCFullYear();
  const day = today.toISOString().slice(4, 10).replace('-02-29', '-02-28');
  const lines = [
    'licenceNumber,nameLo,nameEn,licenceIssuedOn,licenceExpiresOn,province,district,address,phone,email,destinationCountries,contactPerson',
  ];
  for (let i = 0; i < count; i++) {
    lines.push(
      [
        `${prefix}-${String(i).padStart(5, '0')}`,
        `ບໍລິສັດ ຈັດຫາງານ ${i}`,
        `Outage Recruitment ${i} Co. Ltd.`,
        `${year - 1}${day}`,
        `${year + 3}${day}`,
        'LA-VT',
        'Chanthabouly',
        `Ban Haysok Unit ${i}`,
        '+856 21 222 333',
        `hr${i}@example.la`,
        'JP;KR',
        'Noy Saengchan',
      ].join(','),
    );
  }
  return lines.join('\n');
}

/** `work` over `items`, `width` at a time (a bounded burst, as a few busy clients would send). */
export async function inParallel(items, width, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (queue.length > 0) await work(queue.shift());
    }),
  );
}

/** One query on its own connection (the suites check the database behind the service's back). */
export async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
