/**
 * The three ways postgresEventStore.ts writes a batch of distinct ids to one table, fastest first. Each resolves
 * to the ids it wrote, or rejects: a constraint error means nothing of that attempt is stored (each is one
 * statement or one transaction), so the store can try the next way with the same rows.
 */
import pg from 'pg';
import type { IngestEvent } from '../events/eventStore.js';
import { EventRejectedError, duplicateIdError } from '../events/eventRejectedError.js';
import { copyFromText } from './copyFromText.js';

/** SQLSTATE class 23, integrity constraint violation. */
export function isConstraintError(error: unknown): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && error.code?.startsWith('23') === true;
}

const guarded = new WeakSet<pg.PoolClient>();

/**
 * A connection from the pool, with an `error` listener: a connection the server closes while checked out fails
 * the query running on it — that failure is what reaches the callers — and also emits `error`, which without a
 * listener would end the process.
 */
async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (!guarded.has(client)) {
    client.on('error', () => undefined);
    guarded.add(client);
  }
  return client;
}

/** `COPY` straight into the table: all rows or, on any conflict, none. */
export async function copyRows(pool: pg.Pool, table: string, events: readonly IngestEvent[]): Promise<Set<string>> {
  const client = await checkOut(pool);
  try {
    await copyFromText(client, `${table} (id, payload)`, events.map((event) => [event.id, event.payload]));
    client.release();
  } catch (error) {
    // After a refused COPY the connection is as good as new; after anything else, its state is unknown.
    client.release(isConstraintError(error) ? undefined : error instanceof Error ? error : true);
    throw error;
  }
  return new Set(events.map((event) => event.id));
}

/** One `INSERT … SELECT * FROM unnest(…)` that skips ids already stored and returns the ids it wrote. */
export async function insertRows(client: pg.Pool | pg.PoolClient, table: string, events: readonly IngestEvent[]): Promise<Set<string>> {
  const text =
    `INSERT INTO ${table} (id, payload) SELECT * FROM unnest($1::text[], $2::text[]) ` +
    'ON CONFLICT (id) DO NOTHING RETURNING id';
  const values = [events.map((event) => event.id), events.map((event) => event.payload)];
  // Named: parsed and planned once per connection, whatever the batch's size.
  const { rows } = await client.query<{ id: string }>({ name: `insert-events-${table}`, text, values });
  return new Set(rows.map((row) => row.id));
}

/** Row by row, each in a savepoint of one transaction: a row that breaks a `CHECK` is rolled back alone. */
export async function insertEachAlone(pool: pg.Pool, table: string, events: readonly IngestEvent[]): Promise<Array<undefined | Error>> {
  const client = await checkOut(pool);
  try {
    await client.query('BEGIN');
    const outcomes: Array<undefined | Error> = [];
    for (const event of events) {
      await client.query('SAVEPOINT event');
      try {
        const inserted = await insertRows(client, table, [event]);
        outcomes.push(inserted.has(event.id) ? undefined : duplicateIdError(event.id, table));
        await client.query('RELEASE SAVEPOINT event');
      } catch (error) {
        if (!isConstraintError(error)) throw error;
        await client.query('ROLLBACK TO SAVEPOINT event');
        outcomes.push(new EventRejectedError(event.id, 'constraint', error.message, { cause: error }));
      }
    }
    await client.query('COMMIT');
    client.release();
    return outcomes;
  } catch (error) {
    // Not returned to the pool: after a failure mid-transaction the connection's state is unknown.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
