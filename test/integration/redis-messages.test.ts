/**
 * Issue 12: examples/redis-messages against a real Redis — the one REDIS_URL names, or a redis-server this test
 * starts on loopback and stops (test/support/redisServer.ts). Without either it is skipped with a one-line notice;
 * under CI=true it fails. Real time throughout: every wait is on an event or a condition, with a bound.
 */
import { SocketClosedUnexpectedlyError } from 'redis';
import { createBatcher, type Batcher, type BatchFunction } from '../../src/index.js';
import { openRedisEventStore } from '../../examples/redis-messages/eventStore.js';
import { MessageRefusedError, StreamNotReadyError } from '../../examples/redis-messages/messageErrors.js';
import {
  MAX_BATCH_BYTES,
  MAX_MESSAGES_PER_BATCH,
  messageBytes,
  publishBatch,
  publisherOptions,
  type RedisMessage,
} from '../../examples/redis-messages/publisher.js';
import { connectRedis, type RedisClient } from '../../examples/redis-messages/redisClient.js';
import { lookUpRedis, openTestRedis, type TestRedis } from '../support/redisServer.js';

const lookup = lookUpRedis('test/integration/redis-messages.test.ts');
// One line on stderr rather than console.log, which jest decorates with a stack frame.
if (lookup.outcome === 'skip') process.stderr.write(`${lookup.notice}\n`);
const describeWithRedis = lookup.outcome === 'skip' ? describe.skip : describe;

// The longest any one wait below may take; a caller still pending after it is a hang.
const SETTLE_WITHIN_MS = 10_000;

interface RecordedBatch {
  readonly stream: string;
  readonly attempt: number;
  readonly bodies: string[];
  readonly bytes: number;
}

/** Waits for `work`, but rejects, saying what did not happen, if it takes longer than `ms`. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Not within ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks `condition` until it holds, or fails after `ms`: for a server state no event announces. */
async function until(ms: number, what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function readBodies(admin: RedisClient, stream: string): Promise<Array<{ id: string; body: string }>> {
  const entries = (await admin.xRange(stream, '-', '+')) ?? [];
  return entries.map(({ id, message }) => ({ id, body: String(message.body) }));
}

describeWithRedis('examples/redis-messages against a real Redis', () => {
  let redis: TestRedis | undefined;
  let admin: RedisClient | undefined;
  // Keys of this run only, so a shared REDIS_URL server is left as it was found.
  const keyPrefix = `rx-batcher-test:${process.pid}:${Date.now()}:`;
  const keys: string[] = [];
  const clients: RedisClient[] = [];
  const batchers: Array<Batcher<RedisMessage, string>> = [];

  function key(name: string): string {
    keys.push(keyPrefix + name);
    return keyPrefix + name;
  }

  /** What the readers do before anything is published: create the stream with their group (messageErrors.ts says why). */
  async function createStream(stream: string): Promise<void> {
    await admin!.xGroupCreate(stream, 'readers', '$', { MKSTREAM: true });
  }

  async function publisherClient(connectionErrors: Error[] = []): Promise<RedisClient> {
    const client = await connectRedis(redis!.url, (error) => connectionErrors.push(error));
    clients.push(client);
    return client;
  }

  /** The example's publisher, with every call recorded; `afterCall` runs before a call's results go back. */
  function recordedPublisher(
    client: RedisClient,
    afterCall: (batch: RecordedBatch, results: Array<string | Error>) => Promise<void> = async () => {},
  ) {
    const batches: RecordedBatch[] = [];
    const publish = publishBatch(client);
    const recording: BatchFunction<RedisMessage, string> = async (messages, context) => {
      const batch = {
        stream: String(context.partition),
        attempt: context.attempt,
        bodies: messages.map((message) => message.body),
        bytes: messages.reduce((sum, message) => sum + messageBytes(message), 0),
      };
      batches.push(batch);
      const results = (await publish(messages, context)) as Array<string | Error>;
      await afterCall(batch, results);
      return results;
    };
    const publisher = createBatcher(recording, publisherOptions);
    batchers.push(publisher);
    return { publisher, batches };
  }

  beforeAll(async () => {
    redis = await openTestRedis(lookup);
    admin = await publisherClient();
  });

  afterAll(async () => {
    await Promise.allSettled(batchers.map((batcher) => batcher.close()));
    if (admin && keys.length > 0) await admin.unlink(keys).catch(() => {});
    await Promise.allSettled(clients.map((client) => client.close()));
    await redis?.stop();
  });

  it('publishes every message exactly once, in MULTIs of at most 10 messages and 256 KiB, one stream each', async () => {
    const streams = [key('orders'), key('emails'), key('audit')];
    await Promise.all(streams.map(createStream));
    const execsBefore = await execCalls(admin!);
    const { publisher, batches } = recordedPublisher(await publisherClient());
    // Three 100 KiB messages in a row: the third would take a batch past 256 KiB, so weight cuts it there.
    const messages = streams.flatMap((stream) => [
      ...Array.from({ length: 25 }, (_, i) => ({ stream, body: `${stream}/small-${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ stream, body: `${stream}/big-${i}:${'x'.repeat(100 * 1024)}` })),
    ]);

    const outcomes = await within(SETTLE_WITHIN_MS, 'every publish settled', publisher.submitMany(messages));

    expect(outcomes.filter((outcome) => outcome.status !== 'fulfilled')).toEqual([]);
    const entryIds = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<string>).value);
    for (const stream of streams) {
      const stored = await readBodies(admin!, stream);
      const sent = messages.filter((message) => message.stream === stream);
      expect(await admin!.xLen(stream)).toBe(sent.length);
      expect(stored.map((entry) => entry.body).sort()).toEqual(sent.map((message) => message.body).sort());
      // Each caller got the ID of the entry holding its own message.
      const idByBody = new Map(stored.map((entry) => [entry.body, entry.id]));
      sent.forEach((message) => expect(entryIds[messages.indexOf(message)]).toBe(idByBody.get(message.body)));
    }
    // Entry IDs are unique per stream (two streams can both hold `<ms>-0`).
    expect(new Set(entryIds.map((id, i) => `${messages[i].stream} ${id}`)).size).toBe(messages.length);
    expect(batches.every((batch) => batch.bodies.length <= MAX_MESSAGES_PER_BATCH && batch.bytes <= MAX_BATCH_BYTES)).toBe(true);
    expect(batches.every((batch) => batch.bodies.every((body) => body.startsWith(`${batch.stream}/`)))).toBe(true);
    expect(batches.filter((batch) => batch.bytes > 200 * 1024 && batch.bodies.length < MAX_MESSAGES_PER_BATCH)).toHaveLength(3);
    expect(batches.length).toBeLessThan(messages.length / 2);
    // One MULTI per call, counted by the server; only where nothing else shares it.
    if (lookup.outcome === 'start') expect((await execCalls(admin!)) - execsBefore).toBe(batches.length);
  });

  it('refuses a message over 256 KiB at submit and sends nothing for it', async () => {
    const stream = key('too-big');
    await createStream(stream);
    const { publisher, batches } = recordedPublisher(await publisherClient());
    await expect(publisher.submit({ stream, body: 'x'.repeat(MAX_BATCH_BYTES + 1) })).rejects.toThrow(RangeError);
    await expect(publisher.submit({ stream, body: 'fits' })).resolves.toEqual(expect.any(String));
    expect(batches.map((batch) => batch.bodies)).toEqual([['fits']]);
  });

  it('rejects only the caller whose message Redis refuses; the rest of its MULTI is written, nothing is retried', async () => {
    const stream = key('numbered');
    await createStream(stream);
    const { publisher, batches } = recordedPublisher(await publisherClient());
    await expect(publisher.submitMany([{ stream, id: '1-1', body: 'first' }, { stream, id: '2-1', body: 'second' }])).resolves.toEqual([
      { status: 'fulfilled', value: '1-1' },
      { status: 'fulfilled', value: '2-1' },
    ]);

    // `second` again, as a producer that lost its acknowledgement sends it: Redis refuses the ID it already holds.
    const outcomes = await within(SETTLE_WITHIN_MS, 'the second batch settled', publisher.submitMany([
      { stream, id: '3-1', body: 'third' },
      { stream, id: '2-1', body: 'second, sent again' },
      { stream, id: '4-1', body: 'fourth' },
    ]));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason as MessageRefusedError;
    expect(refusal).toBeInstanceOf(MessageRefusedError);
    expect(refusal.message).toBe(
      `Redis refused a message for stream \`${stream}\`: ERR The ID specified in XADD is equal or smaller than the target stream top item`,
    );
    expect(await readBodies(admin!, stream)).toEqual([
      { id: '1-1', body: 'first' },
      { id: '2-1', body: 'second' },
      { id: '3-1', body: 'third' },
      { id: '4-1', body: 'fourth' },
    ]);
    expect(batches.map((batch) => [batch.attempt, batch.bodies.length])).toEqual([[1, 2], [1, 3]]);
    expect(publisher.stats.retries).toBe(0);
  });

  it('retries the messages whose stream its readers have not created yet, and delivers each once', async () => {
    const ready = key('ready');
    const late = key('late');
    await createStream(ready);
    // The readers of `late` arrive while its messages wait for their retry.
    const { publisher, batches } = recordedPublisher(await publisherClient(), async (batch, results) => {
      if (results.some((result) => result instanceof StreamNotReadyError)) await createStream(batch.stream);
    });
    const messages = [
      ...Array.from({ length: 4 }, (_, i) => ({ stream: ready, body: `ready-${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ stream: late, body: `late-${i}` })),
    ];

    const outcomes = await within(SETTLE_WITHIN_MS, 'every publish settled', publisher.submitMany(messages));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(7).fill('fulfilled'));
    expect((await readBodies(admin!, ready)).map((entry) => entry.body)).toEqual(['ready-0', 'ready-1', 'ready-2', 'ready-3']);
    expect((await readBodies(admin!, late)).map((entry) => entry.body)).toEqual(['late-0', 'late-1', 'late-2']);
    const callsFor = (stream: string) => batches.filter((batch) => batch.stream === stream).map((batch) => [batch.attempt, batch.bodies.length]);
    expect(callsFor(ready)).toEqual([[1, 4]]);
    expect(callsFor(late)).toEqual([[1, 3], [2, 3]]);
    expect(publisher.stats.retries).toBe(1);
  });

  it('when the connection is killed while a MULTI waits on the server, every caller settles and exactly the acknowledged messages are stored', async () => {
    const stream = key('fault');
    await createStream(stream);
    const connectionErrors: Error[] = [];
    const client = await publisherClient(connectionErrors);
    const clientId = await client.clientId();
    const { publisher } = recordedPublisher(client);
    const message = (i: number) => ({ stream, body: `fault-${i}` });
    const before = await within(SETTLE_WITHIN_MS, 'the first batch', publisher.submitMany(Array.from({ length: 10 }, (_, i) => message(i))));
    expect(before.every((outcome) => outcome.status === 'fulfilled')).toBe(true);

    // Writes pause server-wide, so the next EXEC is held with its XADDs queued: a batch in flight, for certain.
    await admin!.clientPause(SETTLE_WITHIN_MS, 'WRITE');
    let during: Promise<Array<PromiseSettledResult<string>>>;
    try {
      during = publisher.submitMany(Array.from({ length: 25 }, (_, i) => message(10 + i)));
      await until(SETTLE_WITHIN_MS, 'the publisher blocked in EXEC', async () =>
        (await admin!.clientList()).some((entry) => Number(entry.id) === clientId && entry.flags.includes('b')),
      );
      expect(await admin!.clientKill({ filter: 'ID', id: clientId })).toBe(1);
    } finally {
      await admin!.clientUnpause();
    }
    const outcomes = await within(SETTLE_WITHIN_MS, 'every caller of the killed connection settled', during);
    // node-redis reconnects on its own: the publisher works again with nothing done by the test.
    const after = await within(SETTLE_WITHIN_MS, 'a batch after the reconnect', publisher.submitMany([message(35), message(36)]));

    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    // At least the held MULTI's 10 callers; later batches may have reached the socket before the kill too.
    expect(rejected.length).toBeGreaterThanOrEqual(10);
    expect(rejected.every((outcome) => outcome.reason instanceof SocketClosedUnexpectedlyError)).toBe(true);
    expect(after.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(connectionErrors.some((error) => error instanceof SocketClosedUnexpectedlyError)).toBe(true);
    // A MULTI cut off before its EXEC ran leaves nothing: stored is exactly what callers were told was published.
    const acknowledged = [...before, ...outcomes, ...after].flatMap((outcome, i) =>
      outcome.status === 'fulfilled' ? [{ id: outcome.value, body: message(i).body }] : [],
    );
    expect(await readBodies(admin!, stream)).toEqual(acknowledged);
  });

  it('openRedisEventStore: one XADD per writeOne, one MULTI per writeMany with an error per refused event, count is XLEN', async () => {
    const store = await openRedisEventStore(redis!.url);
    try {
      const topic = key('events');
      const wrongType = key('events-wrong-type');
      await admin!.set(wrongType, 'not a stream');
      await store.writeOne({ id: 'e0', topic, payload: '{}' });
      const events = Array.from({ length: 5 }, (_, i) => ({ id: `e${i + 1}`, topic, payload: `{"n":${i + 1}}` }));
      await expect(store.writeMany(events, topic)).resolves.toEqual([undefined, undefined, undefined, undefined, undefined]);
      const refused = await store.writeMany([{ id: 'w', topic: wrongType, payload: '{}' }], wrongType);
      expect(refused).toEqual([expect.any(MessageRefusedError)]);
      expect(refused[0]?.message).toContain('WRONGTYPE');
      expect(store.name).toBe('redis');
      expect(await store.count(topic)).toBe(6);
      expect(((await admin!.xRange(topic, '-', '+')) ?? []).map((entry) => entry.message.id)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
    } finally {
      await store.close();
    }
  });
});

/** How many times the server has run EXEC, from INFO commandstats. */
async function execCalls(admin: RedisClient): Promise<number> {
  const match = /cmdstat_exec:calls=(\d+)/.exec(await admin.info('commandstats'));
  return match ? Number(match[1]) : 0;
}
