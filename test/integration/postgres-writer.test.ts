/**
 * Issue 12: examples/postgres-writer against a real PostgreSQL server. The test starts its own — Debian's
 * binaries, loopback, a free port, a throwaway data directory, stopped and deleted in `afterAll` — or uses
 * DATABASE_URL; without either it is skipped with a one-line notice, and fails under CI=true
 * (test/support/postgresServer.ts, unit-tested in test/unit/postgresServer.test.ts). It runs on real time and
 * waits on events (a backend seen waiting on a lock, every caller settled) with bounded timeouts.
 */
import pg from 'pg';
import type { EventStore, IngestEvent } from '../../examples/events/eventStore.js';
import { openPostgresEventStore } from '../../examples/postgres-writer/postgresEventStore.js';
import { createEventLogger } from '../../examples/events/eventLogger.js';
import { EventRejectedError } from '../../examples/events/eventRejectedError.js';
import { maxPayloadLength } from '../../examples/events/topicTable.js';
import { lookUpPostgres, startPostgres, type PostgresServer } from '../support/postgresServer.js';

const lookup = lookUpPostgres('test/integration/postgres-writer.test.ts');
// One line on stderr rather than console.log, which jest decorates with a stack frame.
if (lookup.outcome === 'skip') process.stderr.write(`${lookup.notice}\n`);
const describeWithServer = lookup.outcome === 'skip' ? describe.skip : describe;

// Tables of this run only, so a shared server (DATABASE_URL) keeps no trace of it.
const run = `t${process.pid}_${Date.now().toString(36)}`;
const usedTables: string[] = [];
function topic(name: string): string {
  const table = `${name}_${run}`;
  usedTables.push(table);
  return table;
}

function event(topicName: string, id: string, payload = `{"id":"${id}"}`): IngestEvent {
  return { id, topic: topicName, payload };
}

/** Resolves when `condition` resolves truthy, checking every 20 ms; rejects after `timeoutMs`. */
async function waitFor<T>(what: string, condition: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every promise settled, or a rejection naming how many had not after `timeoutMs`: nothing may hang. */
async function allSettledWithin<T>(promises: ReadonlyArray<Promise<T>>, timeoutMs: number): Promise<Array<PromiseSettledResult<T>>> {
  let settled = 0;
  const counted = promises.map((promise) => promise.finally(() => (settled += 1)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${promises.length - settled} of ${promises.length} callers unsettled after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.allSettled(counted), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describeWithServer('examples/postgres-writer on a PostgreSQL server', () => {
  let server: PostgresServer | undefined;
  let url: string;
  let admin: pg.Client | undefined;

  beforeAll(async () => {
    if (lookup.outcome === 'fail') throw new Error(lookup.message);
    if (lookup.outcome === 'start') server = await startPostgres(lookup.found);
    url = server?.url ?? (lookup.outcome === 'use-url' ? lookup.url : '');
    admin = new pg.Client(url);
    admin.on('error', () => undefined);
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    try {
      if (admin !== undefined && server === undefined) {
        for (const table of usedTables) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
      }
      await admin?.end();
    } finally {
      await server?.stop();
    }
  }, 60_000);

  async function storedRows(table: string): Promise<Array<{ id: string; payload: string }>> {
    return (await admin!.query<{ id: string; payload: string }>(`SELECT id, payload FROM "${table}" ORDER BY id`)).rows;
  }

  describe.each([
    ['COPY first (batches of 100)', 100],
    ['unnest (batches of 20)', 20],
  ])('%s', (_, maxSize) => {
    let store: EventStore;
    beforeEach(async () => {
      store = await openPostgresEventStore(url);
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores every event once and rejects only the callers of duplicate ids', async () => {
      const [clicks, signups] = [topic(`clicks${maxSize}`), topic(`signups${maxSize}`)];
      await store.writeOne(event(clicks, 'c-7', '{"first":true}'));
      const logger = createEventLogger(store, { maxSize, maxDelayMs: 5, concurrency: 4 });
      const events = Array.from({ length: 1_000 }, (_, i) => [event(clicks, `c-${i}`), event(signups, `s-${i}`)]).flat();
      // An id already stored (c-7) and an id twice in one batch (s-3): the first of each is kept.
      const submitted = [...events, event(signups, 's-3', '{"again":true}')];
      const outcomes = await allSettledWithin(submitted.map((e) => logger.submit(e)), 20_000);
      await logger.close();

      const rejected = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [[submitted[i], outcome.reason] as const] : []));
      expect(rejected.map(([e]) => `${e.id} ${e.payload}`).sort()).toEqual(['c-7 {"id":"c-7"}', 's-3 {"again":true}']);
      for (const [e, reason] of rejected) {
        expect(reason).toBeInstanceOf(EventRejectedError);
        expect(reason).toMatchObject({ eventId: e.id, reason: 'duplicate-id' });
      }
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(submitted.length - 2);
      for (const table of [clicks, signups]) {
        const expected = events
          .filter((e) => e.topic === table)
          .map((e) => ({ id: e.id, payload: e.id === 'c-7' ? '{"first":true}' : e.payload }))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(await storedRows(table)).toEqual(expected);
        expect(await store.count(table)).toBe(1_000);
      }
    });

    it('rejects only the caller of a row that breaks a CHECK; the rest of its batch is stored', async () => {
      const clicks = topic(`checked${maxSize}`);
      const logger = createEventLogger(store, { maxSize, maxDelayMs: 5 });
      const events = Array.from({ length: maxSize - 2 }, (_, i) => event(clicks, `c-${String(i).padStart(3, '0')}`));
      const oversized = event(clicks, 'c-big', 'x'.repeat(maxPayloadLength + 1));
      const duplicate = event(clicks, 'c-000', '{"again":true}');
      const submitted = [...events.slice(0, 5), oversized, duplicate, ...events.slice(5)];
      const outcomes = await allSettledWithin(submitted.map((e) => logger.submit(e)), 20_000);
      await logger.close();

      expect(outcomes[5]).toMatchObject({ status: 'rejected', reason: { eventId: 'c-big', reason: 'constraint' } });
      expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(EventRejectedError);
      expect(((outcomes[5] as PromiseRejectedResult).reason as Error).message).toMatch(/^Event `c-big` was not stored: new row for relation .* violates check constraint/);
      expect(outcomes[6]).toMatchObject({ status: 'rejected', reason: { eventId: 'c-000', reason: 'duplicate-id' } });
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(maxSize - 2);
      expect(await storedRows(clicks)).toEqual(events.map((e) => ({ id: e.id, payload: e.payload })));
      expect(logger.stats.batches).toBe(1);
    });
  });

  it('a connection dropped mid-batch: every caller settles, the batch is rejected, what was acknowledged is stored', async () => {
    const table = topic('faults');
    const applicationName = `fault_${run}`;
    const store = await openPostgresEventStore(`${url}${url.includes('?') ? '&' : '?'}application_name=${applicationName}`);
    const logger = createEventLogger(store, { maxSize: 50, maxDelayMs: 5, concurrency: 2 });
    const locker = new pg.Client(url);
    locker.on('error', () => undefined);
    try {
      await store.writeOne(event(table, 'before'));
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);

      const doomed = Array.from({ length: 50 }, (_, i) => event(table, `doomed-${i}`));
      const doomedOutcomes = allSettledWithin(doomed.map((e) => logger.submit(e)), 15_000);
      // The batch's statement is running, blocked on the lock: cut its connection from the server side.
      const pid = await waitFor('the batch to wait on the lock', async () => {
        const { rows } = await admin!.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
          [applicationName],
        );
        return rows[0]?.pid;
      });
      expect((await admin!.query('SELECT pg_terminate_backend($1) AS ok', [pid])).rows).toEqual([{ ok: true }]);
      await locker.query('ROLLBACK');

      const outcomes = await doomedOutcomes;
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toMatch(/terminat/);

      // The pool replaces the lost connection: later batches go through.
      const after = Array.from({ length: 120 }, (_, i) => event(table, `after-${i}`));
      const afterOutcomes = await allSettledWithin(after.map((e) => logger.submit(e)), 15_000);
      expect(afterOutcomes.every((o) => o.status === 'fulfilled')).toBe(true);

      const stored = (await storedRows(table)).map((row) => row.id).sort();
      const acknowledged = ['before', ...after.map((e) => e.id)].sort();
      expect(stored).toEqual(acknowledged);
    } finally {
      await locker.end().catch(() => undefined);
      await logger.close();
      await store.close();
    }
  });
});
