const base = require('./jest.swc.cjs');

// The browser suite (`npm run test:browser`): real app on a real port, driven by Debian's Chromium through
// playwright-core. Kept out of `npm test` because it needs Chromium. Two workers: each file starts its own
// app and browser, and much of a journey is waiting on pages, so two files side by side finish sooner.
module.exports = {
  ...base,
  rootDir: '.',
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  maxWorkers: 2,
  testTimeout: 60000,
};
