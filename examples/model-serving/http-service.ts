import type { FastifyInstance, FastifyReply } from 'fastify';
import { BatcherClosedError, QueueFullError } from '../../src/index.js';

// Long enough for a few batch calls to drain the queue; a client that retries sooner would only meet the same
// full queue.
const RETRY_AFTER_SECONDS = 1;
// Node's default accept backlog (511) overflows when thousands of clients connect in the same second; the kernel
// then drops their SYNs and they retry a full second later, which a 1 s client timeout counts as a failure of the
// server. Linux caps this at net.core.somaxconn.
const ACCEPT_BACKLOG = 4096;

/**
 * Answers 503 with `Retry-After` when the batcher refused the request (a full queue, or closing), which is load
 * shedding rather than a server error; returns `undefined` for any other error, for the caller to rethrow.
 */
export function replyIfBatcherRefused(error: unknown, reply: FastifyReply): FastifyReply | undefined {
  if (!(error instanceof QueueFullError || error instanceof BatcherClosedError)) return undefined;
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ statusCode: 503, error: 'Service Unavailable', message: error.message });
}

/** Starts `app` on 127.0.0.1 (port 0 picks a free one) and returns its base URL. */
export async function listenOnLoopback(app: FastifyInstance, port: number): Promise<string> {
  await app.listen({ host: '127.0.0.1', port, backlog: ACCEPT_BACKLOG });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`Expected a TCP address, got ${address}`);
  return `http://127.0.0.1:${address.port}`;
}
