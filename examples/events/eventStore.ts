/**
 * What the database and broker examples share, so the ingestion demo (`npm run demo:db`) and the write benchmark
 * (`npm run bench:db`) can drive any of them the same way: one write per call, or many in one.
 */

/** One event as an ingestion endpoint receives it. */
export interface IngestEvent {
  /** Who sent it; unique per event in the tests, so a row can be matched to its caller. */
  readonly id: string;
  /** Where it goes: a table or a stream (the examples partition by it). */
  readonly topic: string;
  readonly payload: string;
}

/** A backend that stores events: a SQLite file, a PostgreSQL table, a Redis stream. */
export interface EventStore {
  /** Which backend, for reports: `sqlite`, `postgres`, `redis`. */
  readonly name: string;
  /** Writes one event with one statement or command: the plain path a batcher is compared with. */
  writeOne(event: IngestEvent): Promise<void>;
  /**
   * Writes many events in one statement, transaction or pipeline — what a batch function calls. Returns one entry
   * per event, in order: `undefined` when it was written, an `Error` for one that was refused on its own (a
   * constraint, a per-message failure), so a batcher rejects only that caller.
   */
  writeMany(events: readonly IngestEvent[], topic: string): Promise<Array<undefined | Error>>;
  /** How many events of `topic` are stored, for checks. */
  count(topic: string): Promise<number>;
  close(): Promise<void>;
}
