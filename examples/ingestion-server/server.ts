import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { createBatcher, type BatcherStats } from '../../src/index.js';
import { listenOnLoopback, replyIfBatcherRefused } from '../model-serving/http-service.js';
import type { EventStore, IngestEvent } from '../events/eventStore.js';
import { InvalidEventError, parseIngestEvent } from './ingest-request.js';

/** How `POST /events/batched` groups events. */
export interface IngestionBatchingOptions {
  /** The most events in one `writeMany`. */
  maxSize: number;
  /** The longest the first event of a batch waits for others, in milliseconds. */
  maxDelayMs: number;
  /** `writeMany` calls at once: 1 for SQLite (one writer), a few for a server with a connection pool. */
  concurrency: number;
  /** The most events waiting; past it the endpoint answers 503 with `Retry-After`. */
  maxQueueSize: number;
}

export interface IngestionServerOptions {
  /** Where both endpoints write. The caller owns it and closes it after `server.close()`. */
  store: EventStore;
  batching: IngestionBatchingOptions;
}

export interface IngestionServer {
  readonly app: FastifyInstance;
  /** The batcher's counters for `/events/batched`. */
  readonly batcherStats: BatcherStats;
  /** Starts listening on 127.0.0.1 (port 0 picks a free one) and returns the base URL. */
  listen(port?: number): Promise<string>;
  /** Stops taking connections, writes and answers every event already accepted, then resolves. */
  close(): Promise<void>;
}

/**
 * An HTTP server with `POST /events` (one `store.writeOne` per request: one statement, one commit) and
 * `POST /events/batched` (the same events through `createBatcher`, one `store.writeMany` per topic's batch).
 * Both take `{ "topic", "payload", "id"? }` and answer `{ "id" }` once the event is stored.
 *
 * A batch is cut by count or time, never by a flush when a write slot is free (as the model server does):
 * better-sqlite3 writes synchronously, so its slot is free again before the next request is read, and a flush
 * there would write every event alone. A few milliseconds' wait is small next to the commit it saves.
 */
export function createIngestionServer({ store, batching }: IngestionServerOptions): IngestionServer {
  const batcher = createBatcher<IngestEvent, undefined>((events, { partition }) => store.writeMany(events, String(partition)), {
    partitionBy: (event) => event.topic,
    maxSize: batching.maxSize,
    maxDelayMs: batching.maxDelayMs,
    concurrency: batching.concurrency,
    maxQueueSize: batching.maxQueueSize,
  });
  const app = Fastify({ logger: false });

  app.post('/events', async (request, reply) => {
    const event = readEventOrReject(request.body, reply);
    if (event === undefined) return reply;
    await store.writeOne(event);
    return { id: event.id };
  });

  app.post('/events/batched', async (request, reply) => {
    const event = readEventOrReject(request.body, reply);
    if (event === undefined) return reply;
    try {
      await batcher.submit(event);
      return { id: event.id };
    } catch (error) {
      const refused = replyIfBatcherRefused(error, reply);
      if (refused === undefined) throw error;
      return refused;
    }
  });

  return {
    app,
    get batcherStats() {
      return batcher.stats;
    },
    listen: (port = 0) => listenOnLoopback(app, port),
    async close() {
      // The batcher writes what is queued at once, rather than fastify waiting out `maxDelayMs` for answers.
      await Promise.all([app.close(), batcher.close()]);
    },
  };
}

function readEventOrReject(body: unknown, reply: FastifyReply): IngestEvent | undefined {
  try {
    return parseIngestEvent(body);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
    return undefined;
  }
}
