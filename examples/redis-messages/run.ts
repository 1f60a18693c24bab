/**
 * Publishes 1,000 messages to four Redis streams through the batcher, then prints how they were batched and what
 * each stream holds. It starts no server: it needs one you can write to, named by REDIS_URL.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/redis-messages/run.ts
 *
 * One stream's readers arrive 100 ms late, so its first messages are retried until its stream exists. Every key
 * it makes starts with `rx-batcher-example:<pid>:` and is deleted at the end.
 */
import { MAX_BATCH_BYTES, MAX_MESSAGES_PER_BATCH, createRedisPublisher, type RedisMessage } from './publisher.js';
import { connectRedis, type RedisClient } from './redisClient.js';

const MESSAGES = 1_000;
const READERS_OF_LATE_STREAM_ARRIVE_AFTER_MS = 100;

function usage(): string {
  return [
    'examples/redis-messages/run.ts publishes to a Redis you run; it starts none. Set REDIS_URL to one you can write to:',
    "  redis-server --port 6379 --save '' --appendonly no     # in another terminal (Debian: apt-get install redis-server)",
    '  REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/redis-messages/run.ts',
  ].join('\n');
}

/** Small messages, but every third one to `orders` is 100 KiB, so its batches are cut by bytes before they reach 10. */
function messagesFor(streams: readonly string[]): RedisMessage[] {
  return Array.from({ length: MESSAGES }, (_, i) => ({
    stream: streams[i % streams.length],
    body: i % (3 * streams.length) === 1 ? `message ${i}: ${'x'.repeat(100 * 1024)}` : `message ${i}`,
  }));
}

/** What the readers do: create the stream with their group, so nothing published is written before them. */
function createStream(client: RedisClient, stream: string): Promise<string> {
  return client.xGroupCreate(stream, 'readers', '$', { MKSTREAM: true });
}

async function publishAll(client: RedisClient, streams: readonly string[]): Promise<void> {
  const [late, ...onTime] = streams;
  await Promise.all(onTime.map((stream) => createStream(client, stream)));
  const lateReaders = new Promise((resolve) => setTimeout(resolve, READERS_OF_LATE_STREAM_ARRIVE_AFTER_MS)).then(() => createStream(client, late));

  const publisher = createRedisPublisher(client);
  const started = performance.now();
  const outcomes = await publisher.submitMany(messagesFor(streams));
  const elapsedMs = performance.now() - started;
  await lateReaders;
  await publisher.close();

  const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
  const { batches, retries, resolved } = publisher.stats;
  console.log(`Published ${resolved} of ${MESSAGES} messages in ${elapsedMs.toFixed(0)} ms (${failed.length} failed)`);
  console.log(`  ${batches} MULTIs (${retries} of them retries), ${(resolved / (batches - retries)).toFixed(1)} messages per first attempt`);
  console.log(`  limits: ${MAX_MESSAGES_PER_BATCH} messages and ${MAX_BATCH_BYTES / 1024} KiB per MULTI, one stream each`);
  for (const stream of streams) console.log(`  XLEN ${stream} = ${await client.xLen(stream)}`);
  for (const outcome of failed.slice(0, 3)) console.log(`  failed: ${String(outcome.reason)}`);
}

async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) {
    console.error(usage());
    process.exitCode = 1;
    return;
  }
  const client = await connectRedis(url, (error) => console.error(`Redis connection: ${error.message}`));
  const prefix = `rx-batcher-example:${process.pid}:`;
  // `orders` second: messagesFor makes its big messages by position.
  const streams = ['late', 'orders', 'emails', 'audit'].map((name) => prefix + name);
  try {
    await publishAll(client, streams);
  } finally {
    await client.unlink(streams);
    await client.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
