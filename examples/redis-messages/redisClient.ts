/** A node-redis client for the examples: connected, and with somewhere for connection errors to go. */
import { createClient, type RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

/**
 * Connects to `url`. node-redis reports a dropped connection as an `error` event and reconnects on its own; with
 * no listener, Node would throw that event and end the process, so one is always attached. Commands sent while
 * it reconnects wait in node-redis's offline queue; commands that were on the dropped connection reject.
 */
export async function connectRedis(url: string, onConnectionError: (error: Error) => void): Promise<RedisClient> {
  const client: RedisClient = createClient({ url });
  client.on('error', onConnectionError);
  await client.connect();
  return client;
}
