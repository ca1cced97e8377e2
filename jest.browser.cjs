const base = require('./jest.swc.cjs');

// The browser suite (`npm run test:browser`): real app on a real port, driven by Debian's Chromium through
// playwright-core. Kept out of `npm test` because it needs Chromium; one worker, pages are slow to drive.
module.exports = {
  ...base,
  rootDir: '.',
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  maxWorkers: 1,
  testTimeout: 60000,
};
