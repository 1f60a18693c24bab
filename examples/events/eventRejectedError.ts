/**
 * The error one caller of a batched write gets when the database refused its event and stored the others: an
 * ingestion endpoint turns it into a 409 (`duplicate-id`) or a 422 (`constraint`) for that request alone.
 */
export type RejectionReason = 'duplicate-id' | 'constraint';

export class EventRejectedError extends Error {
  override readonly name = 'EventRejectedError';
  readonly code = 'ERR_EVENT_REJECTED';

  constructor(
    readonly eventId: string,
    readonly reason: RejectionReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Event \`${eventId}\` was not stored: ${detail}`, options);
  }
}

export function duplicateIdError(eventId: string, table: string): EventRejectedError {
  return new EventRejectedError(eventId, 'duplicate-id', `an event with this id is already in \`${table}\``);
}
