// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin would add at build time (summaries from
// JSDoc, DTO schemas from types and class-validator). Tests compile with SWC, which cannot run the plugin.
//
// Incremental: the plugin reads the controllers and the DTO and entity files, so a SHA-256 of those
// files (and of the plugin's options and versions) is kept in the first line of src/metadata.ts, and
// generation is skipped while it still matches. `--force` regenerates anyway.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const started = Date.now();
const OUTPUT = path.resolve('src/metadata.ts');
const HASH_LINE = /^\/\/ inputs-sha256: ([0-9a-f]{64})\n/;
const { options } = JSON.parse(readFileSync('nest-cli.json', 'utf8')).compilerOptions.plugins[0];
const suffixes = ['.controller.ts', ...(options.dtoFileNameSuffix ?? ['.dto.ts'])];

/** Every source file the plugin visits, sorted, under `dir`. */
function visited(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return visited(file);
      return suffixes.some((suffix) => entry.name.endsWith(suffix)) ? [file] : [];
    })
    .sort();
}

function inputsHash() {
  const require = createRequire(import.meta.url);
  const hash = createHash('sha256');
  // What decides the output besides the sources: this script, the plugin's options and its versions.
  hash.update(readFileSync(new URL(import.meta.url)));
  hash.update(JSON.stringify(options));
  hash.update(readFileSync('tsconfig.build.json'));
  for (const pkg of ['@nestjs/swagger', '@nestjs/cli', 'typescript']) {
    hash.update(`${pkg}@${require(`${pkg}/package.json`).version}\n`);
  }
  for (const file of visited(path.resolve('src'))) {
    hash.update(`${path.relative('src', file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const hash = inputsHash();
const stored = existsSync(OUTPUT) ? HASH_LINE.exec(readFileSync(OUTPUT, 'utf8'))?.[1] : undefined;
if (stored === hash && !process.argv.includes('--force')) {
  console.log(
    `src/metadata.ts is up to date (no controller, DTO or entity changed; ${Date.now() - started} ms)`,
  );
} else {
  // Loaded only when needed: the generator brings in the TypeScript compiler.
  const { PluginMetadataGenerator } =
    await import('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js');
  const { ReadonlyVisitor } = await import('@nestjs/swagger/plugin');
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...options, pathToSource: path.resolve('src') })],
    outputDir: path.resolve('src'),
    watch: false,
    tsconfigPath: 'tsconfig.build.json',
  });
  writeFileSync(OUTPUT, `// inputs-sha256: ${hash}\n${readFileSync(OUTPUT, 'utf8')}`);
  console.log(`src/metadata.ts generated in ${Date.now() - started} ms`);
}
