import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { App } from 'supertest/types';
import { PASSWORD } from './fixtures';

/** The CSRF token a console page put in its forms (every form carries the same one). */
export function csrfOf(res: Response): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on the page:\n${res.text.slice(0, 400)}`);
  return match[1];
}

/** A browser in the staff console: a cookie jar, and the page's CSRF token for its next form. */
export interface ConsoleBrowser {
  agent: TestAgent;
  csrf: string;
  /** GETs a console page and keeps its CSRF token. */
  open(path: string): Promise<Response>;
  /** Posts a form as the browser would (urlencoded, with the last page's CSRF token). */
  submit(path: string, form: Record<string, string | string[]>): Promise<Response>;
}

export function consoleBrowser(http: App): ConsoleBrowser {
  const agent = request.agent(http);
  const browser: ConsoleBrowser = {
    agent,
    csrf: '',
    async open(path) {
      const res = await agent.get(path);
      if (res.status === 200) browser.csrf = csrfOf(res);
      return res;
    },
    submit(path, form) {
      return agent
        .post(path)
        .type('form')
        .send({ _csrf: browser.csrf, ...form });
    },
  };
  return browser;
}

/** Signs `email` in through the sign-in form; the browser is then on the console's first page. */
export async function signInToConsole(
  http: App,
  email: string,
  password = PASSWORD,
): Promise<ConsoleBrowser> {
  const browser = consoleBrowser(http);
  await browser.open('/staff/sign-in');
  const res = await browser.submit('/staff/sign-in', { email, password });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}:\n${res.text.slice(0, 600)}`);
  await browser.open('/staff');
  return browser;
}
