const base = require('./jest.swc.cjs');

// Two projects in one run: fast pure units beside the code, and tests against real PostgreSQL.
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  maxWorkers: 2,
  testTimeout: 30000,
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
      displayName: 'e2e',
      rootDir: '<rootDir>',
      roots: ['<rootDir>/test'],
      testRegex: '\\.(e2e|int)-spec\\.ts$',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-contract.ts'],
    },
  ],
};
