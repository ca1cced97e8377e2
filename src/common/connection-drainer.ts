import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Graceful shutdown (SIGTERM): Nest closes the HTTP server before the database pool, and the server
 * waits for open connections. A keep-alive client would hold its connection for the whole keep-alive
 * timeout; once shutdown begins, every response says `Connection: close`, so each socket closes as
 * soon as its request in flight is answered.
 */
@Injectable()
export class ConnectionDrainer implements BeforeApplicationShutdown {
  private draining = false;

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (this.draining) reply.header('Connection', 'close');
      return payload;
    });
  }

  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}
