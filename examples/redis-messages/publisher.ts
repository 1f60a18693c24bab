/**
 * Publishes messages to Redis Streams the way SQS's `SendMessageBatch` takes them: at most 10 messages and
 * 256 KiB per call, one stream per call, and the messages Redis turned down on their own tried again.
 * One batch is one `MULTI` of `XADD`s (xaddInOneMulti.ts says why a transaction).
 */
import { createBatcher, type Batcher, type BatcherOptions, type BatchFunction } from '../../src/index.js';
import { StreamNotReadyError } from './messageErrors.js';
import type { RedisClient } from './redisClient.js';
import { xaddInOneMulti } from './xaddInOneMulti.js';

export interface RedisMessage {
  /** The stream's key; each stream is batched on its own. */
  readonly stream: string;
  readonly body: string;
  /**
   * An explicit entry ID (`<ms>-<seq>`) from a producer that numbers its messages, which makes publishing
   * idempotent: Redis refuses an ID that is not above the stream's last, so a message sent twice is written once.
   */
  readonly id?: string;
}

/** SQS's classic `SendMessageBatch` limits. */
export const MAX_MESSAGES_PER_BATCH = 10;
export const MAX_BATCH_BYTES = 256 * 1024;

/** What a message weighs against `MAX_BATCH_BYTES`: its body in UTF-8, as SQS counts it. */
export function messageBytes(message: RedisMessage): number {
  return Buffer.byteLength(message.body);
}

/**
 * The batch function: one `MULTI` per batch, on the batch's stream. It resolves each message with the entry ID
 * Redis gave it. `XADD … NOMKSTREAM`: a stream is created by its readers, never by a publisher
 * (`StreamNotReadyError` says why). The signal withdraws a batch the batcher gave up on while it still waits in
 * node-redis's offline queue, so a caller told "timed out" is not published later behind its back.
 */
export function publishBatch(client: RedisClient): BatchFunction<RedisMessage, string> {
  return (messages, { partition, signal }) =>
    xaddInOneMulti(
      client.withAbortSignal(signal),
      String(partition),
      messages.map(({ id, body }) => ({ id, fields: { body } })),
      { createStream: false },
    );
}

export const publisherOptions: BatcherOptions<RedisMessage> = {
  maxSize: MAX_MESSAGES_PER_BATCH,
  weigh: messageBytes,
  maxWeight: MAX_BATCH_BYTES,
  partitionBy: (message) => message.stream,
  maxDelayMs: 5,
  // A connection that is down for good would keep batches in node-redis's offline queue for ever.
  timeoutMs: 5_000,
  retry: {
    count: 5,
    delayMs: 50,
    maxBackoffMs: 1_000,
    jitter: 0.5,
    // Only a message whose stream is not there yet. A whole batch that failed (the connection dropped) is not
    // sent again: its `EXEC` may have run before the reply was lost, and a second `MULTI` would publish it twice.
    when: (error, message) => message !== undefined && error instanceof StreamNotReadyError,
  },
};

export function createRedisPublisher(client: RedisClient): Batcher<RedisMessage, string> {
  return createBatcher(publishBatch(client), publisherOptions);
}
