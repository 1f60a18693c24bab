import type { BackendName } from './backends.js';
import type { IngestionBatchingOptions } from './server.js';

/**
 * How `/events/batched` batches on each database. `maxSize` 1,000 matches the SQLite store's rows per statement;
 * 5 ms is small next to a commit that waits for the disk, and under load the batches are cut by the writes
 * themselves (events queue while one is running). `maxQueueSize` is about a second of batched writes: past it
 * an event would outlive the 1 s client timeout, so an immediate 503 is kinder.
 */
export const BATCHING_FOR_BACKEND: Record<Exclude<BackendName, 'redis'>, IngestionBatchingOptions> = {
  // One writer: better-sqlite3 is synchronous, and SQLite takes one write transaction at a time anyway.
  sqlite: { maxSize: 1_000, maxDelayMs: 5, concurrency: 1, maxQueueSize: 10_000 },
  // A few connections, so one batch's round trip overlaps another's commit.
  postgres: { maxSize: 1_000, maxDelayMs: 5, concurrency: 4, maxQueueSize: 10_000 },
};
