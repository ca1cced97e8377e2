import net from 'node:net';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/app';

/** What a slow client gets, and when: the bytes the server sent and the milliseconds until it closed. */
async function trickle(port: number, head: string, everyMs: number): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  // Then one byte each tick, never finishing: a body, or the last header's value.
  const timer = setInterval(() => socket.write('x'), everyMs);
  await new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    // Never longer than the test allows: a connection still open then fails below.
    setTimeout(() => resolve(), 15_000);
  });
  clearInterval(timer);
  socket.destroy();
  return { text, ms: Date.now() - started };
}

describe('slow clients (slowloris)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      env: { HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '1000' },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  it('cuts off a body sent a byte at a time once the request timeout passes (408)', async () => {
    const head =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100000\r\n\r\n';
    const slow = await trickle(port, head, 200);
    expect(slow.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ms).toBeLessThan(10_000);
  });

  it('cuts off headers sent a byte at a time once the headers timeout passes', async () => {
    const slow = await trickle(port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ', 200);
    expect(slow.text).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ms).toBeLessThan(8000);
  });

  it('still answers a client that sends at a normal pace', async () => {
    await request(t.http).get('/health').expect(200);
  });
});
