import { BatchResultError } from '../../src/index.js';
import { SoakAbort, SoakBatchRejection, SoakBatchThrow, SoakItemError } from './soak-errors.js';

/**
 * How a request can legitimately end in the soak. The ledger stores them as their index + 1 in a `Uint8Array`
 * (0 meaning "nothing decided yet"), which keeps per-request bookkeeping for millions of requests off the heap.
 */
export const outcomeKinds = ['resolved', 'item-error', 'batch-throw', 'batch-rejection', 'wrong-length', 'aborted'] as const;

export type OutcomeKind = (typeof outcomeKinds)[number];

/** What a settled request turned out to be; the last two are always a bug. */
export type ObservedOutcome = OutcomeKind | 'wrong-answer' | 'unexpected-error';

/** The result the soak's batch function gives request `id`, so a caller can tell its own answer from another's. */
export function expectedAnswer(id: number): number {
  return id * 2 + 1;
}

/** Names the kind of a rejection of request `id`; an error not traceable to an injected fault is unexpected. */
export function classifyRejection(id: number, reason: unknown): ObservedOutcome {
  if (reason instanceof SoakItemError) return reason.requestId === id ? 'item-error' : 'unexpected-error';
  if (reason instanceof SoakAbort) return reason.requestId === id ? 'aborted' : 'unexpected-error';
  if (reason instanceof SoakBatchThrow) return 'batch-throw';
  if (reason instanceof SoakBatchRejection) return 'batch-rejection';
  if (reason instanceof BatchResultError) return 'wrong-length';
  return 'unexpected-error';
}
