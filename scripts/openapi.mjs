// Writes the OpenAPI document the built service serves at /docs-json to a file (default dist/openapi.json),
// for the third-party linters and the typed-client check in tools/openapi. Starts the production build on a
// throwaway embedded PostgreSQL (or DATABASE_URL), reads the document and stops.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, takeOverShutdownSignals } from './embedded-postgres.mjs';

const require = createRequire(import.meta.url);
const out = path.resolve(process.argv[2] ?? 'dist/openapi.json');
let embedded;
let scratch;
if (!process.env.DATABASE_URL) {
  takeOverShutdownSignals();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'iris-openapi-'));
  embedded = await startEmbeddedPostgres({
    dir: path.join(scratch, 'pg'),
    persistent: false,
    database: 'iris',
  });
  process.env.DATABASE_URL = embedded.url;
}
process.env.PORT = '0';
process.env.HOST = '127.0.0.1';
process.env.LOG_LEVEL ??= 'error';
process.env.DATA_DIR ??= scratch ?? '.data';
let app;
try {
  const { bootstrap } = require('../dist/src/main.js');
  app = await bootstrap({ shutdownHooks: false });
  const response = await fetch(`${await app.getUrl()}/docs-json`);
  if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
  const document = await response.json();
  writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  console.log(`${path.relative(process.cwd(), out)}: ${Object.keys(document.paths).length} paths`);
} finally {
  await app?.close();
  await embedded?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
