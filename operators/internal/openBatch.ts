import type { BatchDeadline } from './batchDeadline.js';
import type { Aged } from './oldestFirst.js';

/** One batch in a buffer, from its first value until it is sent: the values and what counts against the limits. */
export interface OpenBatch<T> extends Aged {
  /** The values, in arrival order. Without policies, the first `size` slots of an array made with room. */
  items: T[];
  /** What counts against `maxSize`: every value, or with `dedupe` each key once. */
  size: number;
  /** What counts against `maxWeight`. */
  weight: number;
  /** In the buffer's queue of batches that may go when a slot frees. */
  queued: boolean;
  /** Takes no more values: sent, or waiting in that queue, full. */
  closed: boolean;
  /** With `dedupe`, the keys of the values it holds. */
  readonly keys: Set<unknown> | undefined;
  /** When its first value arrived, in the buffer's count of batches begun: orders batches oldest first. */
  readonly firstArrival: number;
  readonly partition: unknown;
  readonly deadline: BatchDeadline;
}

/**
 * A new, empty batch. A record made by an object literal rather than a class: V8 keeps a literal's hidden class
 * for as long as the code that makes it, while a class instance's goes at the first full gc with no batch open,
 * and takes with it the optimised code of the whole submit path (bench/README.md, "recovery after a full gc").
 */
export function openBatch<T>(capacity: number, firstArrival: number, partition: unknown, deadline: BatchDeadline, dedupe: boolean): OpenBatch<T> {
  return {
    items: new Array<T>(capacity),
    size: 0,
    weight: 0,
    queued: false,
    closed: false,
    keys: dedupe ? new Set() : undefined,
    firstArrival,
    partition,
    deadline,
  };
}
