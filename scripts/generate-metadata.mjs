// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin would add at build time (summaries from
// JSDoc, DTO schemas from types and class-validator). Tests compile with SWC, which cannot run the plugin.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const started = Date.now();
const { options } = JSON.parse(readFileSync('nest-cli.json', 'utf8')).compilerOptions.plugins[0];
new PluginMetadataGenerator().generate({
  visitors: [new ReadonlyVisitor({ ...options, pathToSource: path.resolve('src') })],
  outputDir: path.resolve('src'),
  watch: false,
  tsconfigPath: 'tsconfig.build.json',
});
console.log(`src/metadata.ts generated in ${Date.now() - started} ms`);
