import type { ObservableInput, OperatorFunction, SchedulerLike } from 'rxjs';
import type { BufferPolicies } from './internal/batchBuffer.js';
import { bufferBatches } from './internal/bufferBatches.js';
import { hasRequestPolicies, type PartitionKey } from './internal/requestPolicies.js';
import { getValidFlag, getValidFunction, getValidWeight, validateBufferArguments } from './internal/validateOptions.js';

/** The long form of `bufferTimeOrCount`'s arguments. */
export interface BufferTimeOrCountConfig<T = unknown> {
  /** Emit a batch the moment it holds this many items. */
  maxSize: number;
  /** Emit a batch this many milliseconds after its first item arrived. */
  maxDelayMs: number;
  /** Runs the timer. @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Each emission closes the current batch at once, if it holds anything (a `flush()` button). */
  flush?: ObservableInput<unknown>;
  /**
   * The stage after this one, when it can be busy (workers, a concurrency limit). While `canTake()` is false,
   * no batch goes out: values keep gathering, in batches of up to `maxSize`, and when `ready` emits, batches go
   * out, oldest first, for as long as `canTake()` holds — the one being filled too, if its time is up or if it
   * began while the next stage was busy (its values have been waiting for room, not for company). So batches
   * sent while every worker is busy are as large as they can be, instead of queueing half full behind the busy
   * ones (Triton's dynamic batching). A flush or the source's end sends everything at once.
   */
  downstream?: { canTake: () => boolean; ready: ObservableInput<unknown> };
  /** An item's weight, for `maxWeight`: a finite number from 0 up. Needs `maxWeight`. */
  weigh?: (item: T) => number;
  /**
   * The most weight in one batch: a batch is cut before the item that would take it past this, and goes out at
   * once when it reaches it. An item heavier than this errors the stream. Needs `weigh`.
   */
  maxWeight?: number;
  /** Batches each partition on its own, with its own count, weight and timer: each array holds one partition's items. */
  partitionBy?: (item: T) => PartitionKey;
  /** With `dedupe`, the key by which items count once. @default the item itself */
  key?: (item: T) => unknown;
  /** Items with the same `key` in one batch count once against `maxSize` and `maxWeight`; the batch holds them all. */
  dedupe?: boolean;
  /** Told how many partitions hold items, each time that changes (a gauge of live partitions). */
  onPartitionCount?: (count: number) => void;
}

/**
 * Buffers values into arrays, emitting each when it is full or when its first value has waited long enough.
 *
 * Unlike `bufferTime(span, null, max)`, the timer starts with a batch's first value (not on a fixed clock),
 * no empty array is ever emitted, and no timer runs while nothing is buffered, so an idle process can exit.
 * A full batch is emitted synchronously, in the call stack of the value that filled it. On complete, what is
 * buffered is emitted before completing; on error, the error is forwarded at once, as every RxJS buffer does.
 *
 * ## Example
 * ```ts
 * import { interval, take } from 'rxjs';
 * import { bufferTimeOrCount } from 'rx-batcher/operators';
 *
 * // [0, 1, 2], [3, 4, 5], … or fewer if 1 s passes before a batch fills
 * interval(100).pipe(take(10), bufferTimeOrCount(3, 1000)).subscribe(console.log);
 * ```
 *
 * @param maxSize The most items in one batch, an integer from 1 and up.
 * @param maxDelayMs The longest the first item of a batch waits, in milliseconds.
 * @param scheduler Runs the timer; defaults to `asyncScheduler`.
 * @returns An operator emitting non-empty arrays of the source's values, in order.
 */
export function bufferTimeOrCount<T>(maxSize: number, maxDelayMs: number, scheduler?: SchedulerLike): OperatorFunction<T, T[]>;
export function bufferTimeOrCount<T>(config: BufferTimeOrCountConfig<T>): OperatorFunction<T, T[]>;
export function bufferTimeOrCount<T>(
  maxSizeOrConfig: number | BufferTimeOrCountConfig<T>,
  maxDelayMsArgument?: number,
  schedulerArgument?: SchedulerLike,
): OperatorFunction<T, T[]> {
  const config: Partial<BufferTimeOrCountConfig<T>> = typeof maxSizeOrConfig === 'object' && maxSizeOrConfig !== null
    ? maxSizeOrConfig
    : { maxSize: maxSizeOrConfig, maxDelayMs: maxDelayMsArgument, scheduler: schedulerArgument };
  const { maxSize, maxDelayMs, scheduler } = validateBufferArguments(config.maxSize, config.maxDelayMs, config.scheduler);
  return bufferBatches<T>({ maxSize, maxDelayMs, scheduler, flush: config.flush, downstream: config.downstream, policies: bufferPolicies(config) });
}

/** The config's cutting policies, checked with the batcher's rules; `undefined` when there are none. */
function bufferPolicies<T>(config: Partial<BufferTimeOrCountConfig<T>>): BufferPolicies<T> | undefined {
  const { weigh, maxWeight } = getValidWeight<T>(config.weigh, config.maxWeight);
  const partitionBy = getValidFunction('partitionBy', config.partitionBy);
  const key = getValidFunction('key', config.key);
  const dedupeKey = getValidFlag('dedupe', config.dedupe) ? key ?? ((item: T) => item) : undefined;
  const onPartitionCount = getValidFunction('onPartitionCount', config.onPartitionCount);
  if (!hasRequestPolicies({ weigh, partitionBy, dedupe: dedupeKey !== undefined })) return undefined;
  return { weigh, maxWeight, partitionBy, dedupeKey, onPartitionCount };
}
