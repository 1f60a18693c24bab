/**
 * Appends many entries to one stream in one `MULTI … EXEC`, and says for each whether Redis took it.
 *
 * Why a transaction and not a pipeline: both are one round trip, but a transaction is all or nothing when the
 * connection drops — Redis runs the queued `XADD`s only when `EXEC` arrives, so a batch cut off before `EXEC`
 * leaves nothing behind, and a caller told "failed" was not half-published. With a pipeline a drop can leave any
 * prefix of the batch written. A transaction does not roll back on an error reply: each `XADD` succeeds or fails
 * on its own inside `EXEC`, which is what lets one message fail without its neighbours.
 */
import { inspect } from 'node:util';
import { MultiErrorReply, ErrorReply } from 'redis';
import { MessageRefusedError, StreamNotReadyError } from './messageErrors.js';
import type { RedisClient } from './redisClient.js';

export interface StreamEntry {
  /** An explicit entry ID (`<ms>-<seq>`), for a producer that numbers its own messages; `*` (Redis picks) when absent. */
  readonly id?: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface XaddOptions {
  /** `false` adds `NOMKSTREAM`: a stream that does not exist is not created, and its entries fail with `StreamNotReadyError`. */
  readonly createStream: boolean;
}

/** One entry per input, in order: the ID Redis gave the entry, or the error for that entry alone. */
export async function xaddInOneMulti(
  client: RedisClient,
  stream: string,
  entries: readonly StreamEntry[],
  { createStream }: XaddOptions,
): Promise<Array<string | Error>> {
  const transaction = client.multi();
  for (const { id = '*', fields } of entries) {
    if (createStream) transaction.xAdd(stream, id, fields);
    else transaction.xAddNoMkStream(stream, id, fields);
  }
  return (await execKeepingEntryErrors(transaction)).map((reply) => entryOutcome(stream, reply));
}

/** `exec` throws when any reply is an error; the replies it carries are still one per command, in order. */
async function execKeepingEntryErrors(transaction: { exec(): Promise<unknown[]> }): Promise<unknown[]> {
  try {
    return await transaction.exec();
  } catch (error) {
    if (error instanceof MultiErrorReply) return error.replies;
    throw error;
  }
}

function entryOutcome(stream: string, reply: unknown): string | Error {
  if (typeof reply === 'string') return reply;
  if (reply === null) return new StreamNotReadyError(stream);
  if (reply instanceof ErrorReply) return new MessageRefusedError(stream, reply);
  return new Error(`Expected XADD's reply to be an entry ID, null or an error, got ${inspect(reply)}`);
}
