/**
 * Events in PostgreSQL through `pg`, one table per topic. A batch of distinct ids is written the fastest way that
 * keeps each caller's own outcome (batchWrites.ts):
 * 1. From `copyFromRows` rows up, `COPY` straight into the table: one statement, all rows or none. It cannot skip
 *    a conflicting row, so a batch holding an id already stored fails as a whole and nothing of it is written;
 *    then —
 * 2. `INSERT … SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO NOTHING RETURNING id` (smaller
 *    batches start here: below `copyFromRows`, COPY's extra round trip costs more than it saves). An id already
 *    stored is skipped and missing from `RETURNING`, and rowOutcomes.ts maps that back to its caller. Any other
 *    constraint (`CHECK`) fails the statement as a whole; then —
 * 3. row by row in savepoints of one transaction, so only the failing row's caller fails.
 * A batch with a duplicate pays for a refused COPY before the insert; duplicates are retries, and rare, so most
 * batches take the first way (measure-insert-methods.ts measures each).
 *
 * A connection that drops mid-batch (a restart, `pg_terminate_backend`) rejects that batch as a whole: each way
 * is one statement or one transaction, so none of its rows is stored — or, if the drop came after the commit,
 * all are, and callers told of an error may find their event stored (at least once, as any retry over a network).
 */
import pg from 'pg';
import type { EventStore, IngestEvent } from '../events/eventStore.js';
import { EventRejectedError, duplicateIdError } from '../events/eventRejectedError.js';
import { firstOfEachId, outcomesByInsertedIds } from '../events/rowOutcomes.js';
import { maxPayloadLength, tableForTopic } from '../events/topicTable.js';
import { copyRows, insertEachAlone, insertRows, isConstraintError } from './batchWrites.js';

export interface PostgresEventStoreOptions {
  /** Connections, when the store makes its pool. @default 4 */
  readonly poolSize?: number;
  /** The smallest batch written with `COPY`; `Infinity` never uses it. @default 50 */
  readonly copyFromRows?: number;
}

/** SQLSTATE codes two sessions can get when both create the same table at once; the table exists either way. */
const createdMeanwhile = new Set(['23505', '42P07']);

function tableMaker(pool: pg.Pool): (topic: string) => Promise<string> {
  const tables = new Map<string, Promise<string>>();
  return (topic) => {
    const table = tableForTopic(topic);
    let created = tables.get(table);
    if (created === undefined) {
      const sql =
        `CREATE TABLE IF NOT EXISTS ${table} ` +
        `(id text PRIMARY KEY, payload text NOT NULL CHECK (length(payload) <= ${maxPayloadLength}))`;
      created = pool.query(sql).then(
        () => table,
        (error: unknown) => {
          if (error instanceof pg.DatabaseError && createdMeanwhile.has(error.code ?? '')) return table;
          tables.delete(table);
          throw error;
        },
      );
      tables.set(table, created);
    }
    return created;
  };
}

/**
 * @param connection A connection string (the store makes a pool and ends it on `close`), or a pool of yours
 *   (left open on `close`; give it an `error` listener, as any `pg.Pool` needs).
 */
export async function openPostgresEventStore(connection: string | pg.Pool, options: PostgresEventStoreOptions = {}): Promise<EventStore> {
  const { poolSize = 4, copyFromRows = 50 } = options;
  const ownsPool = typeof connection === 'string';
  const pool = typeof connection === 'string' ? new pg.Pool({ connectionString: connection, max: poolSize }) : connection;
  // An idle connection the server closes is reported here; the pool has dropped it and opens a new one when
  // needed, so there is nothing to do — but without a listener the process would exit.
  if (ownsPool) pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const tableFor = tableMaker(pool);

  const writeDistinct = async (table: string, events: readonly IngestEvent[]): Promise<Set<string>> => {
    if (events.length >= copyFromRows) {
      try {
        return await copyRows(pool, table, events);
      } catch (error) {
        if (!isConstraintError(error)) throw error;
      }
    }
    return insertRows(pool, table, events);
  };

  const writeMany = async (events: readonly IngestEvent[], topic: string): Promise<Array<undefined | Error>> => {
    const table = await tableFor(topic);
    try {
      return outcomesByInsertedIds(events, await writeDistinct(table, firstOfEachId(events)), table);
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      return insertEachAlone(pool, table, events);
    }
  };

  const writeOne = async (event: IngestEvent): Promise<void> => {
    const table = await tableFor(event.topic);
    const text = `INSERT INTO ${table} (id, payload) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`;
    let rowCount: number | null;
    try {
      ({ rowCount } = await pool.query({ name: `insert-event-${table}`, text, values: [event.id, event.payload] }));
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      throw new EventRejectedError(event.id, 'constraint', error.message, { cause: error });
    }
    if (rowCount === 0) throw duplicateIdError(event.id, table);
  };

  return {
    name: 'postgres',
    writeOne,
    writeMany,
    count: async (topic) => (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${await tableFor(topic)}`)).rows[0].n,
    close: async () => {
      if (ownsPool) await pool.end();
    },
  };
}
