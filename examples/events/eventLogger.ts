/**
 * An event logger: each call logs one event and resolves once it is stored; underneath, the calls of a few
 * milliseconds go to the store as one write per topic. Written against `EventStore`, so the same logger runs on
 * SQLite and PostgreSQL.
 */
import { createBatcher, type Batcher } from '../../src/index.js';
import type { EventStore, IngestEvent } from './eventStore.js';

export interface EventLoggerOptions {
  /** Events per write. @default 500 */
  readonly maxSize?: number;
  /** How long the first event of a write waits for others, in milliseconds. @default 5 */
  readonly maxDelayMs?: number;
  /** Writes running at once: 1 for SQLite (one writer at a time), the pool's size for PostgreSQL. @default 1 */
  readonly concurrency?: number;
}

export function createEventLogger(store: EventStore, options: EventLoggerOptions = {}): Batcher<IngestEvent, undefined> {
  const { maxSize = 500, maxDelayMs = 5, concurrency = 1 } = options;
  return createBatcher<IngestEvent, undefined>(
    // One topic per batch (partitionBy), so one table per write; an `Error` entry rejects only its caller.
    (events, { partition }) => store.writeMany(events, String(partition)),
    { maxSize, maxDelayMs, concurrency, partitionBy: (event) => event.topic },
  );
}
