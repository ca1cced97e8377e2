// Helpers for the browser suite (`npm run test:browser`, jest.browser.cjs): the real app on a real port,
// Debian's Chromium driven by playwright-core (never a downloaded browser), a phone-sized page that
// records what went wrong, screenshots and axe accessibility checks. Artifacts go to artifacts/ (gitignored).
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../utils/app';

export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'artifacts');

export interface BrowserTestApp extends TestApp {
  /** Where the app listens, without a trailing slash: `http://127.0.0.1:<port>`. */
  baseUrl: string;
}

/** A port nobody listens on right now (the app takes it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port from the OS');
  return address.port;
}

/**
 * The real app (createTestApp: its own clone of the migrated database) listening on 127.0.0.1. The port
 * is chosen before the app starts so that PUBLIC_BASE_URL (links, QR codes) points at this server;
 * `options.env` may still override it. `close()` stops the server and drops the database.
 */
export async function startServer(
  options: Parameters<typeof createTestApp>[0] = {},
): Promise<BrowserTestApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({
    ...options,
    env: { PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...options.env },
  });
  try {
    // createTestApp already ran app.init(); listen() only binds the socket.
    await t.app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await t.close();
    throw error;
  }
  return { ...t, baseUrl };
}

/** Headless Debian Chromium (CHROMIUM_PATH overrides /usr/bin/chromium). Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PhonePage {
  context: BrowserContext;
  page: Page;
  /**
   * Console errors, uncaught page errors, requests that failed and sub-resources answered with
   * 4xx/5xx, each as one readable line; a test asserts `expect(problems).toEqual([])`. A navigation's
   * own status (an intended 404 page) is the test's business and is not recorded.
   */
  problems: string[];
}

/**
 * A new context and page the size of a small Android phone (360×740 CSS px, 2× density, touch), or of a
 * desktop screen (1280×800) with `desktop`; `javaScriptEnabled: false` for the pages' no-script path.
 * `locale` ('lo-LA', 'en-US') sets navigator.language and the Accept-Language header. Close `context`
 * when done (or close the browser).
 */
export async function newPhonePage(
  browser: Browser,
  options: { locale?: string; bypassCSP?: boolean; javaScriptEnabled?: boolean; desktop?: boolean } = {},
): Promise<PhonePage> {
  const context = await browser.newContext({
    ...(options.desktop
      ? { viewport: { width: 1280, height: 800 } }
      : { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }),
    locale: options.locale,
    bypassCSP: options.bypassCSP,
    javaScriptEnabled: options.javaScriptEnabled,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  // Chromium reports every 4xx/5xx load as a console error too; the navigation's is skipped below.
  const navigationErrors = new Set<string>();
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() < 400) return;
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      navigationErrors.add(response.url());
      return;
    }
    problems.push(`HTTP ${response.status()} ${request.method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    if (message.text().startsWith('Failed to load resource:')) {
      // Chromium probes /favicon.ico on its own for pages that name no icon; the app serves none.
      if (url && new URL(url).pathname === '/favicon.ico') return;
      // Already recorded (sub-resource) or expected (the navigation itself) by the response handler.
      if (navigationErrors.has(url)) return;
      if (problems.some((problem) => problem.startsWith('HTTP ') && problem.endsWith(` ${url}`))) return;
    }
    problems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(
      `request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`.trim(),
    );
  });
  return { context, page, problems };
}

/** A file-system-safe artifact name: 'verify/IRIS-LA-2026-0002 lo' -> 'verify-IRIS-LA-2026-0002-lo'. */
function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'page';
}

/** A full-page PNG at artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, 'screenshots');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${fileName(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now and returns its serious and critical
 * violations, one line each ('color-contrast [serious] Elements must meet … — .a, .b'); expect `[]`.
 * The full results go to artifacts/axe/<name>.json (name defaults to the page's path). axe is injected
 * through the DevTools protocol, which the app's CSP (script-src 'self') does not restrict.
 */
export async function checkAccessibility(page: Page, name?: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const dir = path.join(ARTIFACTS_DIR, 'axe');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, `${fileName(name ?? new URL(page.url()).pathname)}.json`),
    JSON.stringify(results, null, 2),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' >> '));
      const more = violation.nodes.length > 3 ? ` (+${violation.nodes.length - 3} more)` : '';
      return `${violation.id} [${violation.impact}] ${violation.help} — ${targets.join(', ')}${more}`;
    });
}

/** How far the page is wider than the viewport, in CSS px; ≤ 0 means no horizontal scrolling. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
