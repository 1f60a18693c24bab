import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../examples/events/eventStore.js';
import { createIngestionServer, type IngestionServer } from '../../examples/ingestion-server/server.js';
import { openSqliteEventStore } from '../../examples/sqlite-writer/sqliteEventStore.js';
import { postJson } from '../support/postJson.js';

type EventAnswer = { id?: string; message?: string };

const postAnswer = (url: string, body: string) => postJson<EventAnswer>(url, body);

const eventBody = (id: string, topic: string) => JSON.stringify({ id, topic, payload: `payload of ${id}` });

describe('ingestion server on a SQLite file', () => {
  let folder: string;
  let store: EventStore;
  let server: IngestionServer | undefined;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rx-batcher-ingestion-'));
    store = await openSqliteEventStore(join(folder, 'events.db'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test.each([
    ['/events', 'plain'],
    ['/events/batched', 'batched'],
  ])('%s writes every event of concurrent requests exactly once and answers each with its own id', async (path, prefix) => {
    const perTopic = 100;
    const topics = [`${prefix}_clicks`, `${prefix}_views`];
    // No timer cuts a batch (the backstop is a minute away): each topic's 100 events make two batches of 50.
    server = createIngestionServer({ store, batching: { maxSize: 50, maxDelayMs: 60_000, concurrency: 1, maxQueueSize: 1_000 } });
    const url = `${await server.listen(0)}${path}`;
    const ids = topics.flatMap((topic) => Array.from({ length: perTopic }, (_, index) => `${topic}-${index}`));

    const answers = await Promise.all(ids.map((id) => postAnswer(url, eventBody(id, id.slice(0, id.lastIndexOf('-'))))));

    expect(answers).toEqual(ids.map((id) => ({ status: 200, body: { id } })));
    for (const topic of topics) expect(await store.count(topic)).toBe(perTopic);
    expect(server.batcherStats).toMatchObject(
      path === '/events/batched' ? { submitted: 200, resolved: 200, rejected: 0, batches: 4 } : { submitted: 0, batches: 0 },
    );
  });

  test('an event without an id gets a fresh one, so replaying a body writes a new event each time', async () => {
    server = createIngestionServer({ store, batching: { maxSize: 10, maxDelayMs: 1, concurrency: 1, maxQueueSize: 100 } });
    const base = await server.listen(0);
    const body = JSON.stringify({ topic: 'replayed', payload: 'same body' });

    const answers = await Promise.all([...Array<string>(3).fill('/events'), ...Array<string>(3).fill('/events/batched')].map((path) => postAnswer(`${base}${path}`, body)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(6);
    expect(await store.count('replayed')).toBe(6);
  });

  test.each(['/events', '/events/batched'])('%s answers a bad body with 400 and a message saying what is wrong', async (path) => {
    server = createIngestionServer({ store, batching: { maxSize: 10, maxDelayMs: 1, concurrency: 1, maxQueueSize: 100 } });
    const url = `${await server.listen(0)}${path}`;
    const expectedShape = 'Expected a JSON body `{ "topic": string, "payload": string, "id"?: string }`';
    const cases: Array<[string, string]> = [
      ['[1, 2]', `${expectedShape}, got an array`],
      ['{"payload": "p"}', `${expectedShape}; \`topic\` is missing`],
      ['{"topic": "t", "payload": 7}', `${expectedShape}; \`payload\` is \`7\` (number)`],
      ['{"topic": "t", "payload": "p", "id": ""}', `${expectedShape}; \`id\` is \`""\` (string)`],
    ];
    for (const [body, message] of cases) {
      const answer = await postAnswer(url, body);
      expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 400, message });
    }
  });
});
