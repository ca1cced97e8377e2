import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';

/** Shutdown waits until no request has been in progress for this long. */
export const DRAIN_QUIET_MS = 500;
/** …but no longer than this; requests still running then are still answered before the pool closes. */
export const DRAIN_TIMEOUT_MS = 20_000;

/**
 * Graceful shutdown (SIGTERM, Ctrl-C, `app.close()`): every request a client sent before it gets its normal
 * answer, and no connection is reset. Nest closes the HTTP server, then the database pool. Closing the server
 * at once is not enough: Fastify then answers 503 to a request read after it began, and Node's `server.close()`
 * destroys every connection with no request in progress, including one whose request is still unread in its
 * buffer, and closes the listening socket on connections the kernel has accepted but Node has not (ECONNRESET
 * for their clients) — all of which happen when a busy server is told to stop.
 *
 * So before the server closes, this waits until no request has been in progress for DRAIN_QUIET_MS, which
 * lets the server accept, read and answer whatever is already on its way. Meanwhile every response says
 * `Connection: close`, so keep-alive clients leave; the connections still open afterwards are idle ones.
 */
@Injectable()
export class ConnectionDrainer implements BeforeApplicationShutdown {
  private draining = false;
  private server?: Server;
  private inProgress = 0;
  private lastActivity = 0;

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (this.draining) reply.header('Connection', 'close');
      return payload;
    });
    this.server = fastify.server;
    fastify.server.on('request', (_request, response) => {
      this.inProgress++;
      this.lastActivity = Date.now();
      response.once('close', () => {
        this.inProgress--;
        this.lastActivity = Date.now();
      });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    // Not listening (an app only ever called through supertest): nothing can be on its way.
    if (!this.server?.listening) return;
    // A quiet period starts now at the earliest: a request may be in the kernel's queue, unseen yet.
    const start = Date.now();
    this.lastActivity = Math.max(this.lastActivity, start);
    while (Date.now() - start < DRAIN_TIMEOUT_MS) {
      if (this.inProgress === 0 && Date.now() - this.lastActivity >= DRAIN_QUIET_MS) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
