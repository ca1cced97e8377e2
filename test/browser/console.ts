// Helpers for the staff console's browser journeys: a person signed in through the real sign-in form, on a
// phone (360×740) or a desktop (1280×800), in Lao or English, with JavaScript on or off; and the checks
// every console page must pass, with its screenshots saved as artifacts/screenshots/console-*.png.
import type { Browser, Page } from 'playwright-core';
import { Role } from '../../src/common/role';
import { PASSWORD } from '../utils/fixtures';
import {
  type BrowserTestApp,
  checkAccessibility,
  horizontalOverflow,
  newPhonePage,
  type PhonePage,
  screenshot,
} from './browser';

export interface StaffBrowser extends PhonePage {
  user: { id: string; email: string; name: string; roles: Role[] };
}

export interface StaffBrowserOptions {
  /** The console's language, kept on the user (Lao unless said). */
  language?: 'lo' | 'en';
  /** 'phone' (360×740, touch) or 'desktop' (1280×800). */
  device?: 'phone' | 'desktop';
  javaScriptEnabled?: boolean;
  /** An existing account (its password is the fixtures' PASSWORD) instead of a new one with `roles`. */
  user?: StaffBrowser['user'];
}

/**
 * A new browser context signed in to the console as a new user with `roles` (or `options.user`), through
 * the sign-in form, landed on the Today page.
 */
export async function signInStaff(
  server: BrowserTestApp,
  browser: Browser,
  roles: Role[],
  options: StaffBrowserOptions = {},
): Promise<StaffBrowser> {
  const user = options.user ?? (await server.fx.user({ roles }));
  if (options.language) {
    await server.db.query('UPDATE users SET language = $2 WHERE id = $1', [user.id, options.language]);
  }
  const phone = await newPhonePage(browser, {
    locale: options.language === 'en' ? 'en-US' : 'lo-LA',
    javaScriptEnabled: options.javaScriptEnabled,
    desktop: options.device === 'desktop',
  });
  const { page } = phone;
  await page.goto(`${server.baseUrl}/staff/sign-in`);
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([
    page.waitForURL(`${server.baseUrl}/staff`),
    page.locator('form button[type=submit]').click(),
  ]);
  return { ...phone, user: { id: user.id, email: user.email, name: user.name, roles: user.roles as Role[] } };
}

/**
 * What every console page must be: no sideways scrolling at 360 px, no console or page error, no
 * serious or critical axe violation. Saves a screenshot as console-<name>-<lang>-<device>.png.
 */
export async function expectGoodConsolePage(staff: PhonePage, name: string): Promise<void> {
  const { page } = staff;
  const lang = (await page.getAttribute('html', 'lang')) ?? 'xx';
  const width = page.viewportSize()?.width ?? 0;
  const label = `console/${name}-${lang}-${width <= 400 ? 'phone' : 'desktop'}`;
  await screenshot(page, label);
  expect({ label, overflow: (await horizontalOverflow(page)) > 0 }).toEqual({ label, overflow: false });
  expect({ label, violations: await checkAccessibility(page, label) }).toEqual({ label, violations: [] });
  expect({ label, problems: staff.problems }).toEqual({ label, problems: [] });
}

/** Submits the form that holds `button` and waits for the page it leads to. */
export async function submitWith(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), button.click()]);
}
