import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  ARTIFACTS_DIR,
  BrowserTestApp,
  checkAccessibility,
  horizontalOverflow,
  launchBrowser,
  newPhonePage,
  screenshot,
  startServer,
} from './browser';

// Proves the browser-suite plumbing against the real app: server on a port, Chromium, phone page,
// problem recording, screenshot and axe under the app's CSP. Page tests live beside this file.
describe('browser suite infrastructure', () => {
  let server: BrowserTestApp;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves /health to a phone in Lao without any problem', async () => {
    const { context, page, problems } = await newPhonePage(browser, { locale: 'lo-LA' });
    const response = await page.goto(`${server.baseUrl}/health`);

    expect(response?.status()).toBe(200);
    expect(await response?.request().headerValue('accept-language')).toMatch(/^lo-LA\b/);
    expect(JSON.parse(await page.locator('body').innerText())).toMatchObject({ status: 'ok' });
    expect(page.viewportSize()).toEqual({ width: 360, height: 740 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders Swagger UI at /docs under the CSP, screenshots it and runs axe', async () => {
    const { context, page, problems } = await newPhonePage(browser, { locale: 'en-US' });
    const response = await page.goto(`${server.baseUrl}/docs`);

    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    // Swagger UI's scripts ran (allowed by the CSP) and rendered the OpenAPI document.
    const title = page.locator('.swagger-ui .info .title');
    await title.waitFor({ timeout: 15000 });
    expect(await title.innerText()).toContain('IRIS Lao PDR');

    const file = await screenshot(page, 'smoke-docs');
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');

    const violations = await checkAccessibility(page, 'smoke-docs');
    const results = JSON.parse(readFileSync(path.join(ARTIFACTS_DIR, 'axe', 'smoke-docs.json'), 'utf8'));
    expect(results.passes.length).toBeGreaterThan(0);
    expect(Array.isArray(violations)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('records console errors, page errors and failed sub-resources', async () => {
    const { context, page, problems } = await newPhonePage(browser);
    await page.goto(`${server.baseUrl}/health`);
    const settled = Promise.all([
      page.waitForEvent('pageerror'),
      page.waitForResponse((response) => response.url().endsWith('/missing-asset.css')),
    ]);
    await page.evaluate(`(() => {
      console.error('boom');
      setTimeout(() => { throw new Error('uncaught'); });
      fetch('/missing-asset.css').catch(() => {});
    })()`);
    await settled;

    expect(existsSync(ARTIFACTS_DIR)).toBe(true);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('console error: boom'),
        expect.stringContaining('page error: uncaught'),
        expect.stringMatching(/^HTTP 404 GET .*\/missing-asset\.css$/),
      ]),
    );
    await context.close();
  });
});
