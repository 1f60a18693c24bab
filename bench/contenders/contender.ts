import type { OperatorFunction } from 'rxjs';

/**
 * The batch function every contender is handed: numbers in, one result per number out, in the same order.
 * Cases pass an echo, or an echo that records when it was called, or one that holds its answer back.
 */
export type NumberBatchFunction = (requests: readonly number[]) => Promise<number[]>;

/** The two knobs every contender understands, so each one is configured alike. */
export interface BatchShape {
  /** Requests per batch; a full batch is dispatched without waiting. */
  readonly maxSize: number;
  /** The longest a partial batch waits, for contenders that have a time window. */
  readonly maxDelayMs: number;
}

/** A promise-facing batcher: one promise per request. */
export interface Submitter {
  submit(request: number): Promise<number>;
  /** Releases timers and subscriptions; contenders with nothing to release leave it out. */
  close?(): Promise<void> | void;
}

/** A stream-facing batcher: items in, results out; `close` as for `Submitter`. */
export interface StreamBatcher {
  readonly operator: OperatorFunction<number, number>;
  close?(): Promise<void> | void;
}

/**
 * One library (or baseline) under test. Promise-facing contenders get a stream form for free from
 * `streamFromSubmitter`; stream-only baselines leave `createSubmitter` out and sit out the promise cases.
 */
export interface Contender {
  /** Shown in the table and used as the key in `latest.json`. */
  readonly name: string;
  /** One line for the report: what this contender is and how it is configured. */
  readonly description: string;
  readonly createSubmitter?: (batchFunction: NumberBatchFunction, shape: BatchShape) => Submitter;
  readonly createStream: (batchFunction: NumberBatchFunction, shape: BatchShape) => StreamBatcher;
  /**
   * A batcher made the way a service makes one per incoming request (issue 9): the library's defaults, with
   * `maxDelayMs` only when given, never closed. Only the contenders the per-request case compares have one.
   */
  readonly createPerRequestLoader?: (batchFunction: NumberBatchFunction, options: PerRequestOptions) => Submitter;
  /**
   * A batcher that batches each partition on its own (`partitionBy`), or the contender's honest equivalent by
   * hand. Only the contenders the partitions case compares have one.
   */
  readonly createPartitionedSubmitter?: (batchFunction: NumberBatchFunction, options: PartitionedOptions) => Submitter;
}

/** What the partitions case sets: the usual shape, and which partition each request belongs to. */
export interface PartitionedOptions extends BatchShape {
  readonly partitionBy: (request: number) => string;
}

/** What the per-request case sets; everything else is the contender's default. */
export interface PerRequestOptions {
  /** Left out: the contender's default. Contenders without a time window ignore it. */
  readonly maxDelayMs?: number;
}

/** A contender that can take part in the promise cases. */
export type PromiseFacingContender = Contender & Required<Pick<Contender, 'createSubmitter'>>;

export function isPromiseFacing(contender: Contender): contender is PromiseFacingContender {
  return contender.createSubmitter !== undefined;
}
