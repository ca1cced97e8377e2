// Shared SWC transform: @nestjs/* 12 is ESM-only, so Jest transpiles it to CommonJS.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // @nestjs/* 12 and a few of their dependencies ship ESM only; Jest on Node 20 needs them as CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@apidevtools|@jsdevtools)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['js', 'cjs', 'mjs', 'json', 'ts'],
  testEnvironment: 'node',
};
