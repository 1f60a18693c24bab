import type { BatchDeadline } from './batchDeadline.js';
import type { Aged } from './oldestFirst.js';

/** One batch in a buffer, from its first value until it is sent: the values and what counts against the limits. */
export class OpenBatch<T> implements Aged {
  /** The values, in arrival order. Without policies, the first `size` slots of an array made with room. */
  items: T[];
  /** What counts against `maxSize`: every value, or with `dedupe` each key once. */
  size = 0;
  /** What counts against `maxWeight`. */
  weight = 0;
  /** In the buffer's queue of batches that may go when a slot frees. */
  queued = false;
  /** Takes no more values: sent, or waiting in that queue, full. */
  closed = false;
  /** With `dedupe`, the keys of the values it holds. */
  readonly keys: Set<unknown> | undefined;

  /**
   * @param firstArrival When its first value arrived, in the buffer's count of batches begun: orders batches oldest first.
   */
  constructor(
    capacity: number,
    readonly firstArrival: number,
    readonly partition: unknown,
    readonly deadline: BatchDeadline,
    dedupe: boolean,
  ) {
    this.items = new Array<T>(capacity);
    this.keys = dedupe ? new Set() : undefined;
  }
}
