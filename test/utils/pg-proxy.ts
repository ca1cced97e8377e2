import net from 'node:net';

/**
 * A TCP proxy in front of the test PostgreSQL that a test can stop (connections reset and refused, as
 * when the server is down) or freeze (connections accepted, nothing answered, as when the server is
 * stopped with SIGSTOP), then resume. The server itself keeps running for the other test files.
 */
export interface PgProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url: string;
  stop(): void;
  freeze(): void;
  resume(): void;
  close(): Promise<void>;
}

type State = 'up' | 'down' | 'frozen';

interface Pair {
  client: net.Socket;
  server?: net.Socket;
  toServer: Buffer[];
  toClient: Buffer[];
}

export async function startPgProxy(databaseUrl: string): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  let state: State = 'up';
  const pairs = new Set<Pair>();

  const flush = (pair: Pair) => {
    if (!pair.server) {
      pair.server = net.connect(Number(target.port), target.hostname);
      pair.server.on('data', (chunk) => forward(pair, 'toClient', chunk));
      pair.server.on('error', () => pair.client.destroy());
      pair.server.on('close', () => pair.client.destroy());
    }
    for (const chunk of pair.toServer.splice(0)) pair.server.write(chunk);
    for (const chunk of pair.toClient.splice(0)) pair.client.write(chunk);
  };
  const forward = (pair: Pair, queue: 'toServer' | 'toClient', chunk: Buffer) => {
    pair[queue].push(chunk);
    if (state === 'up') flush(pair);
  };

  const proxy = net.createServer((client) => {
    const pair: Pair = { client, toServer: [], toClient: [] };
    pairs.add(pair);
    client.on('data', (chunk) => forward(pair, 'toServer', chunk));
    client.on('error', () => pair.server?.destroy());
    client.on('close', () => {
      pair.server?.destroy();
      pairs.delete(pair);
    });
    if (state === 'up') flush(pair);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;

  return {
    url: url.toString(),
    stop() {
      state = 'down';
      // Closed, not merely silent: new connections are refused (ECONNREFUSED), as with no server at all.
      proxy.close();
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server?.destroy();
      }
      pairs.clear();
    },
    freeze() {
      state = 'frozen';
    },
    resume() {
      if (state === 'down') proxy.listen(port, '127.0.0.1');
      state = 'up';
      for (const pair of pairs) flush(pair);
    },
    close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server?.destroy();
      }
      if (state === 'down') return Promise.resolve();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}
