import http from 'node:http';
import { createTestApp } from '../utils/app';
import { waitFor } from '../utils/wait';

interface Sent {
  /** Settles once the whole request has been handed to the operating system. */
  sent: Promise<void>;
  /** The answer's status, or the socket error's code (ECONNRESET, socket hang up…). */
  answer: Promise<number | string>;
}

/** POST /api/v1/auth/login: Argon2 (~100 ms) and then a database write, so it is slow and uses the pool late. */
function login(url: string, body: string, agent: http.Agent | false): Sent {
  let sent!: () => void;
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<number | string>((resolve) => {
    const request = http.request(
      `${url}/api/v1/auth/login`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      },
    );
    request.on('finish', sent);
    request.on('error', (error: NodeJS.ErrnoException) => {
      sent();
      resolve(error.code ?? error.message);
    });
    request.end(body);
  });
  return { sent: sentPromise, answer };
}

describe('graceful shutdown', () => {
  it('answers every request sent before close, on kept-alive and new connections, then closes', async () => {
    // Twelve sign-ins at once of one account are more attempts in progress than the login throttle allows.
    const t = await createTestApp({ env: { LOGIN_MAX_FAILURES_PER_EMAIL: '100' } });
    const user = await t.fx.user();
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const body = JSON.stringify({ email: user.email, password: 'a-long-test-password' });
    // Connections kept open from earlier requests, as browsers and proxies keep them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    let closing: Promise<void> | undefined;
    try {
      const warm = Array.from({ length: 6 }, () => login(url, body, agent).answer);
      expect(await Promise.all(warm)).toEqual(Array(6).fill(200));

      // Twelve logins, six on those connections and six on new ones; close as soon as all are sent,
      // when some are in Argon2 and some not even read by the server yet.
      const requests = [
        ...Array.from({ length: 6 }, () => login(url, body, agent)),
        ...Array.from({ length: 6 }, () => login(url, body, false)),
      ];
      await Promise.all(requests.map((request) => request.sent));
      closing = t.close();
      const answers = await Promise.all(requests.map((request) => request.answer));
      await closing;
      expect(answers).toEqual(Array(12).fill(200));
      // Closed: nothing listens any more.
      expect(await login(url, body, false).answer).toBe('ECONNREFUSED');
    } finally {
      agent.destroy();
      await (closing ?? t.close()).catch(() => undefined);
    }
  });

  it('finishes a request in flight before closing the database pool', async () => {
    let handling = 0;
    const t = await createTestApp({
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('preHandler', async (req) => {
            if (req.url.endsWith('/auth/login')) handling++;
          }),
    });
    const user = await t.fx.user();
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    // Login spends ~100 ms in Argon2 before its last database write: close once it is being handled.
    const inFlight = fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: 'a-long-test-password' }),
    });
    await waitFor('the login to reach its handler', () => handling === 1);
    const closing = t.close();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(200);
    expect((await res.json()).accessToken).toEqual(expect.any(String));
  });
});
