/**
 * The two ways Redis turns down one message of a batch while the rest of the batch is written, as errors a
 * batcher hands to that message's caller alone.
 */

/**
 * The stream does not exist yet, so `XADD … NOMKSTREAM` wrote nothing. Streams here are created by their readers
 * (`XGROUP CREATE <stream> <group> $ MKSTREAM`), and a group created at `$` reads only what comes after it: a
 * publisher that created the stream itself, before the readers, would publish messages no group ever reads. So a
 * publisher waits for the readers by retrying — the failure is transient and fixed from outside, like SQS's
 * `ServiceUnavailable` entries in `Failed`.
 */
export class StreamNotReadyError extends Error {
  override readonly name = 'StreamNotReadyError';

  constructor(readonly stream: string) {
    super(`Stream \`${stream}\` does not exist yet: its readers create it (XGROUP CREATE … MKSTREAM) before anything is published to it`);
  }
}

/**
 * Redis refused this entry with an error reply of its own in the `EXEC` reply: an explicit ID not above the
 * stream's last (a message published before, sent again), or a key that holds another type. The same command
 * fails the same way again, so it is not retried.
 */
export class MessageRefusedError extends Error {
  override readonly name = 'MessageRefusedError';

  constructor(readonly stream: string, reply: Error) {
    super(`Redis refused a message for stream \`${stream}\`: ${reply.message}`, { cause: reply });
  }
}
