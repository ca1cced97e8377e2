const base = require('./jest.swc.cjs');

// Three tiers in one run (`npm test`), or one at a time with `--selectProjects`:
// - unit: pure specs beside the code; no database, no Nest application.
// - integration: the services with their real repositories on PostgreSQL, no HTTP (test/utils/services.ts).
// - e2e: the real application through HTTP, every answer checked against the OpenAPI document.
// Only the projects that need PostgreSQL name the global setup, so a unit-only run never starts it
// (Jest runs a project's global setup only when one of its tests runs, once per module path).
const database = {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};

module.exports = {
  maxWorkers: 2,
  // Generous: a shared CI machine may take tens of seconds to start an app or load the demo.
  testTimeout: 60000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      rootDir: '<rootDir>',
      roots: ['<rootDir>/src'],
      testRegex: '\\.spec\\.ts$',
    },
    {
      ...base,
      ...database,
      displayName: 'integration',
      rootDir: '<rootDir>',
      roots: ['<rootDir>/test/integration'],
      testRegex: '\\.int-spec\\.ts$',
    },
    {
      ...base,
      ...database,
      displayName: 'e2e',
      rootDir: '<rootDir>',
      roots: ['<rootDir>/test/e2e'],
      testRegex: '\\.e2e-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/setup-contract.ts'],
    },
  ],
};
