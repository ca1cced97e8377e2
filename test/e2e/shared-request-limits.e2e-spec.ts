import net from 'node:net';
import request from 'supertest';
import { Role } from '../../src/common/role';
import { createTestApp, TestApp } from '../utils/app';
import { as } from '../utils/http';
import { expectProblem } from '../utils/problem';
import { waitFor } from '../utils/wait';

const LIMIT = 4;
/** Behind one proxy: the client address is the last X-Forwarded-For entry, so each test has its own. */
const ENV = {
  PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT),
  API_RATE_LIMIT_PER_MINUTE: String(LIMIT),
  TRUST_PROXY: '1',
};

/** The public limit with two replicas on one database: one budget an address, whichever one it reaches. */
describe('public rate limit across replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let untrusting: TestApp;
  let port: number;
  beforeAll(async () => {
    a = await createTestApp({ env: ENV });
    b = await createTestApp({ databaseUrl: a.databaseUrl, env: ENV });
    untrusting = await createTestApp({
      databaseUrl: a.databaseUrl,
      env: { ...ENV, TRUST_PROXY: 'false' },
    });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    port = (a.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await untrusting?.close();
    await b?.close();
    await a?.close();
  });

  const get = (t: TestApp, address: string) =>
    request(t.http).get('/api/v1/public/keys').set('X-Forwarded-For', address);
  const counted = async (address: string): Promise<number> => {
    const rows: { points: number }[] = await a.db.query(`SELECT points FROM request_counts WHERE key = $1`, [
      `address:${address}`,
    ]);
    return rows[0]?.points ?? 0;
  };

  it('counts one budget for an address across both replicas', async () => {
    const address = '203.0.113.10';
    const remaining: string[] = [];
    for (const t of [a, b, a, b]) {
      const res = await get(t, address).expect(200);
      remaining.push(res.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expect(await counted(address)).toBe(LIMIT);
    for (const t of [a, b]) {
      const refused = await get(t, address);
      expectProblem(refused, 429, 'TOO_MANY_REQUESTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another address is not slowed by it.
    await get(b, '203.0.113.11').expect(200);
  });

  it('counts one budget for an account across both replicas', async () => {
    const token = await a.fx.tokenFor(Role.Ministry);
    const remaining: string[] = [];
    for (const t of [a, b, a, b]) {
      const res = await as(t.http, token).get('/agencies?limit=1').expect(200);
      remaining.push(res.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    for (const t of [a, b]) {
      const refused = await as(t.http, token).get('/agencies?limit=1');
      expectProblem(refused, 429, 'TOO_MANY_REQUESTS');
      expect(refused.body.detail).toContain('your account');
    }
  });

  it('refuses an address that spent its budget from memory, without asking the database', async () => {
    const address = '203.0.113.20';
    for (let i = 0; i < LIMIT; i++) await get(a, address).expect(200);
    // Were replica a to ask the database, it would find a fresh budget now.
    await a.db.query(`DELETE FROM request_counts WHERE key = $1`, [`address:${address}`]);
    expectProblem(await get(a, address), 429, 'TOO_MANY_REQUESTS');
    expect(await counted(address)).toBe(0);
    await get(b, address).expect(200);
  });

  it('counts a request when its headers arrive, before its body, and refuses past the budget at once', async () => {
    const address = '203.0.113.30';
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `X-Forwarded-For: ${address}\r\nContent-Length: 1000\r\n\r\n{`;
    const sockets: net.Socket[] = [];
    const open = (): { socket: net.Socket; answer: Promise<string> } => {
      const socket = net.connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => undefined);
      let text = '';
      const answer = new Promise<string>((resolve) => {
        socket.on('data', (chunk) => {
          text += chunk.toString();
          if (text.includes('\r\n\r\n')) resolve(text);
        });
        socket.on('close', () => resolve(text));
      });
      socket.write(head);
      return { socket, answer };
    };
    try {
      // Bodies that never finish: each has spent one request of the address's budget.
      for (let i = 0; i < LIMIT; i++) open();
      await waitFor('the slow requests to be counted', async () => (await counted(address)) === LIMIT, {
        timeoutMs: 15_000,
        everyMs: 50,
      });
      // On the other replica too, and a slow one more is refused before its body.
      expectProblem(await get(b, address), 429, 'TOO_MANY_REQUESTS');
      expect(await open().answer).toMatch(/^HTTP\/1\.1 429/);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('believes X-Forwarded-For only with TRUST_PROXY: without it, every spoofed address is the peer’s', async () => {
    for (let i = 0; i < LIMIT; i++) await get(untrusting, `198.51.100.${i}`).expect(200);
    expectProblem(await get(untrusting, '198.51.100.99'), 429, 'TOO_MANY_REQUESTS');
    expect(await counted('127.0.0.1')).toBe(LIMIT);
  });

  it('with TRUST_PROXY=1, takes the address the proxy saw, not the ones the client wrote before it', async () => {
    const address = '203.0.113.40';
    for (let i = 0; i < LIMIT; i++) await get(a, `198.51.100.${i}, ${address}`).expect(200);
    expectProblem(await get(b, `198.51.100.77, ${address}`), 429, 'TOO_MANY_REQUESTS');
  });
});
