// Each test worker's environment; the database URL is set per file by test/utils/database.ts.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';
process.env.SWAGGER_PLUGIN_METADATA = '1';
process.env.DEMO_DATA = 'false';
delete process.env.ADMIN_EMAIL;
delete process.env.ADMIN_PASSWORD;
