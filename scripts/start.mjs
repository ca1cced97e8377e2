// `npm start`: runs the built service. With no DATABASE_URL it first starts an embedded PostgreSQL
// (data kept in .data/postgres) and loads the demo data; on Ctrl-C or SIGTERM the service drains
// its requests and closes its pool, then the embedded server stops, so no PostgreSQL is left behind.
import { createRequire } from 'node:module';
import path from 'node:path';
import { startEmbeddedPostgres, takeOverShutdownSignals } from './embedded-postgres.mjs';

const require = createRequire(import.meta.url);
const started = Date.now();
let embedded;
if (!process.env.DATABASE_URL) {
  takeOverShutdownSignals();
  embedded = await startEmbeddedPostgres({ dir: '.data/postgres', persistent: true, database: 'iris' });
  process.env.DATABASE_URL = embedded.url;
  process.env.DEMO_DATA ??= 'true';
}

let app;
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: finishing requests in flight, then stopping…`);
  await app?.close().catch((error) => console.error(error));
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

try {
  const { bootstrap } = require('../dist/src/main.js');
  app = await bootstrap({ shutdownHooks: false });
} catch (error) {
  console.error(error?.name === 'ConfigError' ? error.message : error);
  await embedded?.stop();
  process.exit(1);
}

const { DEMO_ACCOUNTS } = require('../dist/src/demo/demo-accounts.js');
const base = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
const lines = [
  '',
  `IRIS Lao PDR certification service — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  `  Console    ${base}/staff  (staff console: officials, trainers, auditors)`,
  `  Registry   ${base}/  (public pages; verify at ${base}/verify)`,
  `  API        ${base}/api/v1`,
  `  API docs   ${base}/docs`,
  `  Health     ${base}/health/ready`,
  embedded
    ? `  Database   embedded PostgreSQL, data in ${shortPath(embedded.dataDir)} (${embedded.url})`
    : '  Database   DATABASE_URL',
];
if (process.env.DEMO_DATA === 'true') {
  lines.push('', '  DEMO ACCOUNTS (demo data only; never use these on a real server):');
  for (const { role, email, password } of DEMO_ACCOUNTS) {
    lines.push(`    ${role.padEnd(9)} ${email.padEnd(24)} ${password}`);
  }
  // The demo is dated from the day it was loaded, so its certificate numbers carry the years of issue.
  const { CertificatesService } = require('../dist/src/certificates/certificates.service.js');
  const { items } = await app.get(CertificatesService).list({ limit: 20, offset: 0 });
  if (items.length > 0) {
    lines.push('', '  DEMO CERTIFICATES (status as it reads today; anyone can verify them):');
    for (const { number, status } of items) {
      lines.push(`    ${number}  ${status.padEnd(10)} ${base}/verify/${number}`);
    }
  }
}
lines.push('', 'Press Ctrl-C to stop.', '');
console.log(lines.join('\n'));

/** Relative to the checkout when inside it (.data/postgres), else absolute (/var/tmp/… as root). */
function shortPath(dir) {
  const relative = path.relative('.', dir);
  return relative.startsWith('..') ? dir : relative;
}
