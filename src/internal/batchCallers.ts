import { isItemFailure } from '../../operators/internal/itemResult.js';
import { failureReason } from '../../operators/internal/nonErrorFailure.js';

let capturedResolve: (value: unknown) => void;
// The executor runs synchronously, so one shared function hands the resolver over without a closure per
// request; the reject function is not kept (see `rejection`).
function captureResolve(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}

/**
 * Settles a promise as rejected through its `resolve` function: resolving with a thenable that rejects is how a
 * promise adopts a rejection without its own `reject` being kept around.
 */
function rejection(reason: unknown): PromiseLike<never> {
  return { then: (_onFulfilled, onRejected) => onRejected?.(reason) as never };
}

/**
 * The callers of one batch, by position: the batch the buffer is filling, seen from the submit side — how many
 * requests it holds so far, and the resolvers of its plain requests.
 *
 * A plain `submit` keeps only its promise's `resolve`: V8 makes both resolving functions as closures over a
 * shared context, and keeping one of them costs half as much memory per pending request as keeping both
 * (bench/README.md), so failures are delivered through `resolve` too, by adopting a rejecting thenable.
 */
export class BatchCallers<Res> {
  /** Items pushed into the buffer for this batch so far; the next item's position. */
  size = 0;
  /** Whether a cancellable request took a position; a batch of plain requests needs no per-request bookkeeping. */
  hasCancellableRequests = false;
  private readonly resolvers: Array<((value: unknown) => void) | undefined>;

  /** @param capacity The positions to make room for up front (the batch's `maxSize`, capped). */
  constructor(capacity: number) {
    this.resolvers = new Array<((value: unknown) => void) | undefined>(capacity);
  }

  /** The callers of a batch of `size` cancellable requests only, each settling through its own resolvers. */
  static ofCancellable<Res>(size: number): BatchCallers<Res> {
    const callers = new BatchCallers<Res>(0);
    callers.size = size;
    callers.hasCancellableRequests = true;
    return callers;
  }

  /** Takes the next position for a plain request and returns the promise of its result. */
  addPlainRequest(): Promise<Res> {
    const promise = new Promise<Res>(captureResolve as (resolve: (value: Res) => void) => void);
    this.resolvers[this.size++] = capturedResolve;
    return promise;
  }

  /** Takes the next position for a cancellable request, which settles through its own resolvers. */
  addCancellableRequest(): void {
    this.size++;
    this.hasCancellableRequests = true;
  }

  /**
   * Settles every plain request from `results`, aligned with the positions handed out (`isItemFailure`).
   *
   * @returns How many plain requests were rejected.
   */
  fulfil(results: ReadonlyArray<unknown>): number {
    const { resolvers, size } = this;
    let failures = 0;
    for (let i = 0; i < size; i++) {
      const resolve = resolvers[i];
      if (resolve === undefined) continue;
      const result = results[i];
      if (isItemFailure(result)) {
        failures++;
        resolve(rejection(failureReason(result)));
      } else {
        resolve(result);
      }
    }
    return failures;
  }

  /** Rejects every plain request of the batch with `reason`. */
  fail(reason: unknown): void {
    const { resolvers, size } = this;
    const failure = rejection(reason);
    for (let i = 0; i < size; i++) resolvers[i]?.(failure);
  }
}
