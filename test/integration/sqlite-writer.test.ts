/**
 * Issue 12: examples/sqlite-writer against a real SQLite file. Events go through the event logger (one `submit`
 * each); the test reads the file back with a connection of its own and checks every row: exact counts, no
 * duplicates, the payloads as sent, and only the callers whose rows the database refused rejected.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventStore, IngestEvent } from '../../examples/events/eventStore.js';
import { createEventLogger } from '../../examples/events/eventLogger.js';
import { EventRejectedError } from '../../examples/events/eventRejectedError.js';
import { openSqliteEventStore } from '../../examples/sqlite-writer/sqliteEventStore.js';
import { maxPayloadLength } from '../../examples/events/topicTable.js';

const topics = ['clicks', 'signups'];

function event(topic: string, id: string, payload = `{"id":"${id}"}`): IngestEvent {
  return { id, topic, payload };
}

/** `count` events per topic, ids `<topic>-<i>`. */
function eventsPerTopic(count: number): IngestEvent[] {
  return Array.from({ length: count }, (_, i) => topics.map((topic) => event(topic, `${topic}-${i}`))).flat();
}

describe('examples/sqlite-writer on a SQLite file', () => {
  let folder: string;
  let file: string;
  let store: EventStore;
  let reader: Database.Database;

  beforeEach(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-test-'));
    file = path.join(folder, 'events.db');
    store = await openSqliteEventStore(file);
    reader = new Database(file, { readonly: false });
  });

  afterEach(async () => {
    reader.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  function storedRows(topic: string): Array<{ id: string; payload: string }> {
    return reader.prepare(`SELECT id, payload FROM "${topic}" ORDER BY rowid`).all() as Array<{ id: string; payload: string }>;
  }

  it('stores every event once, one write per topic per batch, and rejects only the callers of duplicate ids', async () => {
    await store.writeOne(event('clicks', 'clicks-7', '{"first":true}'));
    const logger = createEventLogger(store, { maxSize: 50, maxDelayMs: 5 });
    const events = eventsPerTopic(500);
    // An id already stored (clicks-7) and an id twice in one batch (signups-3): the first of each is kept.
    const submitted = [...events, event('signups', 'signups-3', '{"again":true}')];
    const outcomes = await Promise.allSettled(submitted.map((e) => logger.submit(e)));
    await logger.close();

    const rejected = outcomes.flatMap((outcome, i) => (outcome.status === 'rejected' ? [[submitted[i], outcome.reason] as const] : []));
    expect(rejected.map(([e]) => e.id).sort()).toEqual(['clicks-7', 'signups-3']);
    expect(rejected.map(([e]) => e.payload).sort()).toEqual(['{"again":true}', '{"id":"clicks-7"}']);
    for (const [e, reason] of rejected) {
      expect(reason).toBeInstanceOf(EventRejectedError);
      expect(reason).toMatchObject({ eventId: e.id, reason: 'duplicate-id', message: `Event \`${e.id}\` was not stored: an event with this id is already in \`"${e.topic}"\`` });
    }
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(submitted.length - 2);

    for (const topic of topics) {
      const rows = storedRows(topic);
      expect(rows).toHaveLength(500);
      expect(new Set(rows.map((row) => row.id)).size).toBe(500);
      const expected = events.filter((e) => e.topic === topic).map((e) => ({ id: e.id, payload: e.id === 'clicks-7' ? '{"first":true}' : e.payload }));
      expect([...rows].sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
      expect(await store.count(topic)).toBe(500);
    }
    // Every submit happened in one tick, so each topic's 500 (and one) events went out in full batches of 50.
    expect(logger.stats.batches).toBe(10 + 11);
  });

  it('rejects only the caller of a row that breaks a CHECK; the rest of its batch is stored', async () => {
    const logger = createEventLogger(store, { maxSize: 20, maxDelayMs: 5 });
    const events = eventsPerTopic(20).filter((e) => e.topic === 'clicks');
    const oversized = event('clicks', 'clicks-big', 'x'.repeat(maxPayloadLength + 1));
    const duplicate = event('clicks', 'clicks-0', '{"again":true}');
    const submitted = [...events.slice(0, 10), oversized, duplicate, ...events.slice(10, 18)];
    const outcomes = await Promise.allSettled(submitted.map((e) => logger.submit(e)));
    await logger.close();

    expect(outcomes[10]).toMatchObject({ status: 'rejected', reason: { eventId: 'clicks-big', reason: 'constraint' } });
    expect((outcomes[10] as PromiseRejectedResult).reason).toBeInstanceOf(EventRejectedError);
    expect(((outcomes[10] as PromiseRejectedResult).reason as Error).message).toMatch(/^Event `clicks-big` was not stored: CHECK constraint failed/);
    expect(outcomes[11]).toMatchObject({ status: 'rejected', reason: { eventId: 'clicks-0', reason: 'duplicate-id' } });
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(18);
    expect(storedRows('clicks')).toEqual(events.slice(0, 18).map((e) => ({ id: e.id, payload: e.payload })));
    expect(logger.stats.batches).toBe(1);
  });

  it('writeOne refuses a duplicate id and a payload over the limit with the caller’s own error', async () => {
    await store.writeOne(event('clicks', 'a'));
    await expect(store.writeOne(event('clicks', 'a'))).rejects.toMatchObject({ name: 'EventRejectedError', reason: 'duplicate-id' });
    await expect(store.writeOne(event('clicks', 'b', 'x'.repeat(maxPayloadLength + 1)))).rejects.toMatchObject({ reason: 'constraint' });
    expect(storedRows('clicks')).toEqual([{ id: 'a', payload: '{"id":"a"}' }]);
  });

  it('refuses a topic that is not a plain table name before any SQL is built from it', async () => {
    await expect(store.writeMany([event('x"; DROP TABLE clicks; --', 'a')], 'x"; DROP TABLE clicks; --')).rejects.toThrow(
      'Expected a topic to be a table name of 1 to 63 letters, digits and underscores, not starting with a digit, got `x"; DROP TABLE clicks; --`',
    );
  });
});
