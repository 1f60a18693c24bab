import type { FastifyInstance, FastifyReply } from 'fastify';
import { BatcherClosedError, QueueFullError, type Batcher, type BatcherStats } from '../../src/index.js';

// Long enough for a few batch calls to drain the queue; a client that retries sooner would only meet the same
// full queue.
const RETRY_AFTER_SECONDS = 1;
// Node's default accept backlog (511) overflows when thousands of clients connect in the same second; the kernel
// then drops their SYNs and they retry a full second later, which a 1 s client timeout counts as a failure of the
// server. Linux caps this at net.core.somaxconn.
const ACCEPT_BACKLOG = 4096;

/** A fastify app with a batched endpoint, as the demos and their tests drive it. */
export interface BatchingService {
  /** The fastify instance, for `inject` or extra routes. */
  readonly app: FastifyInstance;
  /** The counters of the batcher behind the batched endpoint (queued, in flight, batches...). */
  readonly batcherStats: BatcherStats;
  /** Starts listening on 127.0.0.1 (port 0 picks a free one) and returns the base URL. */
  listen(port?: number): Promise<string>;
  /** Stops taking connections, answers every request already accepted, then resolves. */
  close(): Promise<void>;
}

/** The `BatchingService` of `app` and the batcher behind its batched endpoint. */
export function batchingService(app: FastifyInstance, batcher: Pick<Batcher<unknown, unknown>, 'stats' | 'close'>): BatchingService {
  return {
    app,
    get batcherStats() {
      return batcher.stats;
    },
    listen: (port = 0) => listenOnLoopback(app, port),
    async close() {
      // Closing the batcher alongside fastify sends what is queued at once, instead of leaving fastify to wait
      // out `maxDelayMs` for answers it has already promised.
      await Promise.all([app.close(), batcher.close()]);
    },
  };
}

/**
 * Parses a request body with `parse`; when it throws an error `isInvalid` recognises, answers 400 with its
 * message and returns `undefined` (the handler then returns `reply`). Any other error is thrown on.
 */
export function parseOrReply400<T>(body: unknown, reply: FastifyReply, parse: (body: unknown) => T, isInvalid: (error: unknown) => boolean): T | undefined {
  try {
    return parse(body);
  } catch (error) {
    if (!isInvalid(error)) throw error;
    reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: (error as Error).message });
    return undefined;
  }
}

/**
 * Answers 503 with `Retry-After` when the batcher refused the request (a full queue, or closing), which is load
 * shedding rather than a server error; any other error is thrown on, for fastify to answer 500.
 */
export function replyToBatcherRefusal(error: unknown, reply: FastifyReply): FastifyReply {
  if (!(error instanceof QueueFullError || error instanceof BatcherClosedError)) throw error;
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ statusCode: 503, error: 'Service Unavailable', message: error.message });
}

/** Starts `app` on 127.0.0.1 (port 0 picks a free one) and returns its base URL. */
async function listenOnLoopback(app: FastifyInstance, port: number): Promise<string> {
  await app.listen({ host: '127.0.0.1', port, backlog: ACCEPT_BACKLOG });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`Expected a TCP address, got ${address}`);
  return `http://127.0.0.1:${address.port}`;
}
