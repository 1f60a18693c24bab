import Fastify, { type FastifyReply } from 'fastify';
import { createBatcher } from '../../src/index.js';
import { batchingService, parseOrReply400, replyToBatcherRefusal, type BatchingService } from '../model-serving/http-service.js';
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

/** The ingestion server: `/events/batched` is the batched endpoint. */
export type IngestionServer = BatchingService;

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
      return replyToBatcherRefusal(error, reply);
    }
  });

  return batchingService(app, batcher);
}

function readEventOrReject(body: unknown, reply: FastifyReply): IngestEvent | undefined {
  return parseOrReply400(body, reply, parseIngestEvent, (error) => error instanceof InvalidEventError);
}
