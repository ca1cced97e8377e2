// Each test worker's environment; the database URL is set per file by test/utils/database.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
process.env.SWAGGER_PLUGIN_METADATA = '1';
process.env.DEMO_DATA = 'false';
delete process.env.ADMIN_EMAIL;
delete process.env.ADMIN_PASSWORD;
// `TEST_TODAY=2031-06-15 npm test` runs every test as if it were that Lao day: the app's Clock starts on
// it, and tests take their dates from that Clock (TestApp.today), never from the machine's.
if (process.env.TEST_TODAY) process.env.CLOCK_TODAY = process.env.TEST_TODAY;
else delete process.env.CLOCK_TODAY;
