// npm run migration:{generate,create,run,revert,check} — the TypeORM CLI on the app's own data source.
// With no DATABASE_URL: run/revert act on the embedded development database (.data/postgres);
// generate/check compare the entities with a throwaway database migrated from scratch, so the
// generated SQL is exactly what the committed migrations lack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, takeOverShutdownSignals } from './embedded-postgres.mjs';

const [command, name] = process.argv.slice(2);
const dataSource = 'src/database/data-source.ts';
const usage = 'usage: npm run migration:<generate|create> -- <PascalCaseName> | migration:<run|revert|check>';

function typeorm(args, env) {
  const cli = path.resolve('node_modules/typeorm/cli-ts-node-commonjs.js');
  const result = spawnSync(process.execPath, [cli, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_FILES: 'true' },
  });
  return result.status ?? 1;
}

async function main() {
  if (!['generate', 'create', 'run', 'revert', 'check'].some((c) => command === `migration:${c}`)) {
    console.error(usage);
    return 2;
  }
  if (
    (command === 'migration:generate' || command === 'migration:create') &&
    !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')
  ) {
    console.error(usage);
    return 2;
  }
  if (command === 'migration:create') return typeorm(['migration:create', `migrations/${name}`], {});

  const throwaway = command === 'migration:generate' || command === 'migration:check';
  let embedded;
  if (!process.env.DATABASE_URL) {
    takeOverShutdownSignals();
    const dir = throwaway
      ? path.join(mkdtempSync(path.join(os.tmpdir(), 'iris-migrate-')), 'pg', 'data')
      : '.data/postgres';
    embedded = await startEmbeddedPostgres({ dir, persistent: !throwaway, database: 'iris' });
  }
  const env = embedded ? { DATABASE_URL: embedded.url } : {};
  try {
    if (throwaway) {
      const status = typeorm(['migration:run', '-d', dataSource], env);
      if (status !== 0) return status;
    }
    switch (command) {
      case 'migration:generate':
        return typeorm(['migration:generate', '-d', dataSource, '--pretty', `migrations/${name}`], env);
      case 'migration:check':
        return typeorm(['migration:generate', '-d', dataSource, '--check', 'migrations/Drift'], env);
      default:
        return typeorm([command, '-d', dataSource], env);
    }
  } finally {
    await embedded?.stop();
  }
}

process.exitCode = await main();
