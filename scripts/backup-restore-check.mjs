// `npm run ops:backup-check`: proves that a pg_dump -Fc backup of this service's database restores
// with pg_restore into the same rows, and that the service runs on the restored copy.
// On a throwaway database: migrate and load the demo data through the built app (dist/), count every
// table, pg_dump -Fc, DROP, CREATE empty, pg_restore, count again, start the app on it again.
// pg_dump refuses a server newer than itself (the embedded PostgreSQL 18 is), so unless
// BACKUP_CHECK_DATABASE_URL names a server, a throwaway cluster runs from the PostgreSQL binaries of
// pg_dump's own version (Debian: /usr/lib/postgresql/<major>/bin). Exit status 1 on any difference.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, takeOverShutdownSignals } from './embedded-postgres.mjs';

const require = createRequire(import.meta.url);
const started = Date.now();
const work = mkdtempSync(path.join(os.tmpdir(), 'iris-backup-check-'));
const database = `iris_backup_check_${randomBytes(4).toString('hex')}`;
const cleanups = [];

class CheckFailed extends Error {}
const fail = (message) => {
  throw new CheckFailed(message);
};
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`  ${line}`);

/** The first folder holding every tool in `names`: pg_config's, then Debian's newest, then PATH. */
function binDirWith(names) {
  const candidates = [];
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  if (existsSync('/usr/lib/postgresql')) {
    const majors = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v));
    for (const v of majors.sort((a, b) => b - a)) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  return candidates.find((dir) => names.every((name) => existsSync(path.join(dir, name))));
}

/** [file, args] for a server tool: as root it runs as the `postgres` OS user (PostgreSQL refuses root). */
function asPostgres(command, args) {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Runs a PostgreSQL tool and returns its output; a failure ends the check with the tool's last lines. */
function run(command, args, { server = false, cwd } = {}) {
  const [file, argv] = server ? asPostgres(command, args) : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', cwd });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim() || String(result.error ?? '');
    fail(`${path.basename(command)} failed: ${output.split('\n').slice(-5).join(' | ')}`);
  }
  return result.stdout;
}

/** A throwaway cluster on a free port (never 5432), its socket in the temp folder, trust auth, no fsync. */
async function startCluster(bin) {
  const dir = path.join(work, 'pg');
  mkdirSync(dir, { mode: 0o700 });
  if (process.getuid?.() === 0) {
    // The server runs as postgres: it must own its folder and reach it through ours.
    const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    if (id('-u').status !== 0) {
      fail(
        'as root the server runs as the postgres OS user, which does not exist: apt-get install postgresql-15',
      );
    }
    chmodSync(work, 0o711);
    chownSync(dir, Number(id('-u').stdout), Number(id('-g').stdout));
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  const pgCtl = path.join(bin, 'pg_ctl');
  run(
    path.join(bin, 'initdb'),
    ['-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '-D', data],
    {
      server: true,
      cwd: dir,
    },
  );
  cleanups.push(() => {
    if (existsSync(path.join(data, 'postmaster.pid'))) {
      spawnSync(...asPostgres(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']), {
        cwd: dir,
        stdio: 'ignore',
      });
    }
  });
  const flags = [
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='${dir}'`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
  ].join(' ');
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', flags, 'start'], {
    server: true,
    cwd: dir,
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function sql(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Exact row count and a digest of the rows of every public table, the migrations, sequences and schema objects. */
async function snapshot(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    ).rows.map((r) => r.tablename);
    const counts = new Map();
    for (const table of tables) {
      const quoted = `public."${table.replace(/"/g, '""')}"`;
      const [row] = (
        await client.query(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS digest
           FROM ${quoted} t`,
        )
      ).rows;
      counts.set(table, row);
    }
    const migrations = (await client.query(`SELECT id, timestamp, name FROM migrations ORDER BY id`)).rows;
    const sequences = (
      await client.query(
        `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
      )
    ).rows;
    const objects = (
      await client.query(
        `SELECT 'index ' || indexname AS o FROM pg_indexes WHERE schemaname = 'public'
         UNION ALL SELECT 'constraint ' || conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace
         UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
         UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
         UNION ALL SELECT 'extension ' || extname FROM pg_extension
         ORDER BY 1`,
      )
    ).rows.map((r) => r.o);
    return { counts, migrations, sequences, objects };
  } finally {
    await client.end();
  }
}

/** Starts the built app on `url`, asks it what a visitor and the admin see, and closes it. */
async function appAnswers(url, { demoData }) {
  const port = await freePort();
  Object.assign(process.env, {
    DATABASE_URL: url,
    DEMO_DATA: String(demoData),
    NODE_ENV: 'development',
    JWT_SECRET: 'backup-check-secret-backup-check-secret!',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(work, 'data'),
  });
  const { bootstrap } = require('../dist/src/main.js');
  const { DEMO_ACCOUNTS } = require('../dist/src/demo/demo-accounts.js');
  const app = await bootstrap({ shutdownHooks: false });
  try {
    const base = `http://127.0.0.1:${port}`;
    const get = async (route, headers = {}) => {
      const res = await fetch(`${base}${route}`, { headers });
      return { status: res.status, body: await res.json().catch(() => null) };
    };
    const ready = (await get('/health/ready')).status;
    const publicAgencies = (await get('/api/v1/public/agencies?limit=1')).body?.total;
    const certified = (await get('/api/v1/public/agencies?certified=true&limit=1')).body?.items?.[0];
    const number = certified?.certification?.certificate?.number;
    const certificate = number ? (await get(`/api/v1/public/certificates/${number}`)).body : null;
    const admin = DEMO_ACCOUNTS.find((account) => account.role === 'admin');
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    }).then((res) => res.json());
    const staff = login.accessToken
      ? (await get('/api/v1/agencies?limit=1', { authorization: `Bearer ${login.accessToken}` })).body?.total
      : undefined;
    return {
      ready,
      publicAgencies,
      staffAgencies: staff,
      certificate: number
        ? `${number} ${certificate?.signatureValid ? 'signature valid' : 'SIGNATURE INVALID'}`
        : 'none',
    };
  } finally {
    await app.close();
  }
}

function printTable(before, after) {
  const names = [...new Set([...before.counts.keys(), ...after.counts.keys()])].sort();
  const width = Math.max(28, ...names.map((n) => n.length));
  const rows = [`  ${'table'.padEnd(width)} ${'before'.padStart(8)} ${'after'.padStart(8)}  rows`];
  let differences = 0;
  for (const name of names) {
    const b = before.counts.get(name);
    const a = after.counts.get(name);
    const same = b && a && b.n === a.n && b.digest === a.digest;
    if (!same) differences++;
    const verdict = same
      ? 'same'
      : !a
        ? 'MISSING'
        : !b
          ? 'EXTRA'
          : b.n === a.n
            ? 'CONTENT DIFFERS'
            : 'COUNT DIFFERS';
    rows.push(
      `  ${name.padEnd(width)} ${String(b?.n ?? '-').padStart(8)} ${String(a?.n ?? '-').padStart(8)}  ${verdict}`,
    );
  }
  const also = [
    ['(migrations, row by row)', before.migrations, after.migrations],
    ['(sequences, last values)', before.sequences, after.sequences],
    ['(schema objects)', before.objects, after.objects],
  ];
  for (const [label, b, a] of also) {
    const same = JSON.stringify(b) === JSON.stringify(a);
    if (!same) differences++;
    rows.push(
      `  ${label.padEnd(width)} ${String(b.length).padStart(8)} ${String(a.length).padStart(8)}  ${same ? 'same' : 'DIFFER'}`,
    );
  }
  console.log(rows.join('\n'));
  return differences;
}

async function main() {
  const external = process.env.BACKUP_CHECK_DATABASE_URL;
  const tools = external
    ? ['pg_dump', 'pg_restore']
    : ['pg_dump', 'pg_restore', 'initdb', 'pg_ctl', 'postgres'];
  const bin = binDirWith(tools);
  if (!bin) {
    fail(
      `${tools.join(', ')} of one PostgreSQL version not found (pg_config --bindir, /usr/lib/postgresql/*/bin, PATH): ` +
        'apt-get install postgresql-15 (or postgresql-client-15 and set BACKUP_CHECK_DATABASE_URL to a server no newer than pg_dump)',
    );
  }
  const version = run(path.join(bin, 'pg_dump'), ['--version']).trim();
  const adminUrl = external ?? (await startCluster(bin));
  const server = (await sql(adminUrl, 'SHOW server_version'))[0].server_version;
  console.log(
    `backup check: ${version} from ${bin}; server ${server}` +
      (external ? ' (BACKUP_CHECK_DATABASE_URL)' : ' (throwaway cluster)'),
  );
  const url = withDatabase(adminUrl, database);
  await sql(adminUrl, `CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
  cleanups.push(() => sql(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

  let since = Date.now();
  const first = await appAnswers(url, { demoData: true });
  say(`app migrated the database and loaded the demo data (${seconds(since)})`);
  const before = await snapshot(url);

  since = Date.now();
  const dump = path.join(work, `${database}.dump`);
  run(path.join(bin, 'pg_dump'), ['-Fc', '-f', dump, '-d', url]);
  say(`pg_dump -Fc: ${(statSync(dump).size / 1024).toFixed(0)} KB (${seconds(since)})`);

  since = Date.now();
  await sql(adminUrl, `DROP DATABASE "${database}" WITH (FORCE)`);
  await sql(adminUrl, `CREATE DATABASE "${database}" TEMPLATE template0 ENCODING 'UTF8'`);
  run(path.join(bin, 'pg_restore'), ['--no-owner', '--exit-on-error', '-d', url, dump]);
  say(`dropped, created empty, pg_restore --no-owner --exit-on-error (${seconds(since)})`);
  const after = await snapshot(url);

  since = Date.now();
  const second = await appAnswers(url, { demoData: false });
  say(`app started on the restored database (${seconds(since)})`);

  let differences = printTable(before, after);
  const checks = [
    ['GET /health/ready', first.ready, second.ready, second.ready === 200],
    ['GET /api/v1/public/agencies total', first.publicAgencies, second.publicAgencies],
    ['GET /api/v1/agencies total (admin)', first.staffAgencies, second.staffAgencies],
    ['GET /api/v1/public/certificates/{number}', first.certificate, second.certificate],
  ];
  for (const [label, before, after, healthy = true] of checks) {
    const ok = healthy && before !== undefined && before === after;
    if (!ok) differences++;
    say(`${label}: before ${before}, after restore ${after}${ok ? '' : '  DIFFERS'}`);
  }
  const rows = [...before.counts.values()].reduce((sum, c) => sum + c.n, 0);
  if (differences > 0) {
    console.log(
      `backup check: FAILED: ${differences} difference(s) after pg_dump/pg_restore (${seconds(started)})`,
    );
    return 1;
  }
  console.log(
    `backup check: OK: ${before.counts.size} tables, ${rows} rows identical after pg_dump -Fc / pg_restore, ` +
      `and the app serves the restored database (${seconds(started)})`,
  );
  return 0;
}

async function cleanup() {
  for (const step of cleanups.reverse()) {
    try {
      await step();
    } catch (error) {
      console.error(`backup check: cleanup: ${error.message}`);
    }
  }
  cleanups.length = 0;
  rmSync(work, { recursive: true, force: true });
}

takeOverShutdownSignals();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => cleanup().finally(() => process.exit(130)));
}

let status = 1;
try {
  status = await main();
} catch (error) {
  console.error(
    `backup check: FAILED: ${error instanceof CheckFailed ? error.message : (error?.stack ?? error)}`,
  );
} finally {
  await cleanup();
}
process.exit(status);
