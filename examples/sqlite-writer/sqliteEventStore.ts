/**
 * Events in a SQLite file, one table per topic, through better-sqlite3. A batch is one multi-row
 * `INSERT … ON CONFLICT (id) DO NOTHING RETURNING id` in one transaction: one commit (one fsync) for the batch
 * instead of one per event, which is what batching buys on SQLite.
 *
 * Per-row failures, two kinds:
 * - An id already stored (a client retrying an event: the failure an event logger expects) is skipped by
 *   `ON CONFLICT DO NOTHING`, so the rest of the batch is written and `RETURNING` says which rows were
 *   (rowOutcomes.ts maps that back to callers). A pre-check (`SELECT` the ids first) would race a second writer
 *   between the check and the insert; `ON CONFLICT` decides in the insert itself.
 * - Any other constraint (`CHECK`, `NOT NULL`) aborts the whole statement — `ON CONFLICT` covers only uniqueness.
 *   Then the batch is written again row by row, each in a savepoint of one transaction, so the failing row is
 *   rolled back alone and its own error goes to its caller. That path is slower, and taken only for a batch that
 *   holds such a row.
 */
import Database from 'better-sqlite3';
import type { EventStore, IngestEvent } from '../events/eventStore.js';
import { EventRejectedError, duplicateIdError } from '../events/eventRejectedError.js';
import { firstOfEachId, outcomesByInsertedIds } from '../events/rowOutcomes.js';
import { maxPayloadLength, tableForTopic } from '../events/topicTable.js';

/** Rows per statement: SQLite takes at most 32,766 parameters in one, and a row has two. */
const rowsPerStatement = 1_000;

type Row = readonly [id: string, payload: string];

// By its `code`, not by `instanceof`: the native addon keeps the SqliteError class (and so the `Error`) of the first
// copy of better-sqlite3 loaded in the process, so where the module is loaded twice (jest loads it once per test
// file, each in its own context) its errors are instances of neither the second copy's class nor its `Error`.
function isConstraintError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** The table of a topic, created on first use. */
function tableMaker(db: Database.Database): (topic: string) => string {
  const tables = new Set<string>();
  return (topic) => {
    const table = tableForTopic(topic);
    if (!tables.has(table)) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, ` +
          `payload TEXT NOT NULL CHECK (length(payload) <= ${maxPayloadLength})) STRICT`,
      );
      tables.add(table);
    }
    return table;
  };
}

export async function openSqliteEventStore(file: string): Promise<EventStore> {
  const db = new Database(file);
  // WAL: `count` and other readers do not wait for a batch being written. `synchronous` stays FULL: an event is
  // acknowledged only once it would survive a power cut.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');

  const tableFor = tableMaker(db);
  const statements = new Map<string, Database.Statement>();

  /** The insert of `rows` rows into `table`, prepared once per size: parsing a 1,000-row statement is not free. */
  const insertStatement = (table: string, rows: number): Database.Statement => {
    const key = `${table}:${rows}`;
    let statement = statements.get(key);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => '(?, ?)').join(', ');
      statement = db.prepare(`INSERT INTO ${table} (id, payload) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`);
      statements.set(key, statement);
    }
    return statement;
  };

  const insertAll = db.transaction((table: string, rows: readonly Row[]): Set<string> => {
    const inserted = new Set<string>();
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const chunk = rows.slice(start, start + rowsPerStatement);
      const returned = insertStatement(table, chunk.length).all(...chunk.flat()) as Array<{ id: string }>;
      for (const { id } of returned) inserted.add(id);
    }
    return inserted;
  });

  // Called inside `insertEachAlone`'s transaction, better-sqlite3 runs each call in a savepoint of its own.
  const insertOne = db.transaction((table: string, row: Row): boolean => insertStatement(table, 1).get(...row) !== undefined);

  const insertEachAlone = db.transaction((table: string, events: readonly IngestEvent[]): Array<undefined | Error> =>
    events.map((event) => {
      try {
        return insertOne(table, [event.id, event.payload]) ? undefined : duplicateIdError(event.id, table);
      } catch (error) {
        if (!isConstraintError(error)) throw error;
        return new EventRejectedError(event.id, 'constraint', error.message, { cause: error });
      }
    }),
  );

  const writeMany = async (events: readonly IngestEvent[], topic: string): Promise<Array<undefined | Error>> => {
    const table = tableFor(topic);
    const rows = firstOfEachId(events).map((event): Row => [event.id, event.payload]);
    try {
      return outcomesByInsertedIds(events, insertAll(table, rows), table);
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      return insertEachAlone(table, events);
    }
  };

  return {
    name: 'sqlite',
    writeOne: async (event) => {
      const [outcome] = await writeMany([event], event.topic);
      if (outcome !== undefined) throw outcome;
    },
    writeMany,
    count: async (topic) => (db.prepare(`SELECT count(*) AS n FROM ${tableFor(topic)}`).get() as { n: number }).n,
    close: async () => {
      db.close();
    },
  };
}
