/**
 * The `EventStore` of Redis Streams, for `npm run demo:db` and `npm run bench:db`: an event is an entry of the
 * stream named by its topic, with fields `id` and `payload`. One write per call is one `XADD`; many in one are one
 * `MULTI` of `XADD`s, as the publisher sends them.
 */
import type { EventStore, IngestEvent } from '../events/eventStore.js';
import { connectRedis, type RedisClient } from './redisClient.js';
import { xaddInOneMulti } from './xaddInOneMulti.js';

function fieldsOf(event: IngestEvent): Record<string, string> {
  return { id: event.id, payload: event.payload };
}

class RedisEventStore implements EventStore {
  readonly name = 'redis';

  constructor(private readonly client: RedisClient) {}

  async writeOne(event: IngestEvent): Promise<void> {
    await this.client.xAdd(event.topic, '*', fieldsOf(event));
  }

  // Streams are created on first write here, unlike the publisher's: an ingestion benchmark has no readers to wait for.
  async writeMany(events: readonly IngestEvent[], topic: string): Promise<Array<undefined | Error>> {
    const outcomes = await xaddInOneMulti(this.client, topic, events.map((event) => ({ fields: fieldsOf(event) })), { createStream: true });
    return outcomes.map((outcome) => (outcome instanceof Error ? outcome : undefined));
  }

  count(topic: string): Promise<number> {
    return this.client.xLen(topic);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** Connects to the Redis at `url` (`redis://host:port`). A dropped connection is reported on stderr and re-made. */
export async function openRedisEventStore(url: string): Promise<EventStore> {
  const client = await connectRedis(url, (error) => process.stderr.write(`Redis event store: ${error.message}\n`));
  return new RedisEventStore(client);
}
