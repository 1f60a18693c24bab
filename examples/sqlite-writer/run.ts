/**
 * Writes N events to a SQLite file through the event logger, one `submit` each, with every 100th event's id
 * repeating an earlier one, and prints what was stored and what was refused.
 *
 *   npx tsx examples/sqlite-writer/run.ts [--events 10000] [--file events.db]
 *
 * Without `--file`, a fresh file in a temporary folder, deleted at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestEvent } from '../events/eventStore.js';
import { createEventLogger } from '../events/eventLogger.js';
import { EventRejectedError } from '../events/eventRejectedError.js';
import { openSqliteEventStore } from './sqliteEventStore.js';

const topics = ['clicks', 'signups'];

/** Event `i`; every 100th repeats the id of the event two before it (same topic), so the database refuses it. */
function sampleEvent(i: number): IngestEvent {
  const id = i > 0 && i % 100 === 0 ? `event-${i - topics.length}` : `event-${i}`;
  return { id, topic: topics[i % topics.length], payload: JSON.stringify({ i, at: new Date(0).toISOString() }) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '10000' }, file: { type: 'string' } } });
  const count = Number(values.events);
  const folder = values.file === undefined ? mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-')) : undefined;
  const file = values.file ?? path.join(folder!, 'events.db');
  const store = await openSqliteEventStore(file);
  const logger = createEventLogger(store);
  try {
    const startedAt = performance.now();
    const outcomes = await Promise.allSettled(Array.from({ length: count }, (_, i) => logger.submit(sampleEvent(i))));
    const seconds = (performance.now() - startedAt) / 1000;
    const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof EventRejectedError).length;
    const failed = outcomes.filter((o) => o.status === 'rejected').length - refused;
    const stored = await Promise.all(topics.map(async (topic) => `${topic} ${await store.count(topic)}`));
    console.log(`${count} events in ${seconds.toFixed(2)} s (${Math.round(count / seconds)} events/s) to ${file}`);
    console.log(`resolved ${count - refused - failed}, refused ${refused} (duplicate ids), failed ${failed}`);
    console.log(`stored: ${stored.join(', ')}; ${logger.stats.batches} batches`);
  } finally {
    await logger.close();
    await store.close();
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
