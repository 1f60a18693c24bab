import { type Observable, Subscriber, type Subscription } from 'rxjs';

/** What an operator does with the values, error and completion of its source. */
export interface SourceHandlers<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * Subscribes an operator to its source the way RxJS's own operators do: the subscriber is registered with
 * `downstream` before the source starts, so an unsubscribe downstream — even in the middle of a synchronous
 * source's loop, as `take(n)` does — reaches the source at once and stops it. Subscribing with a plain
 * observer cannot: its subscription only exists once the source has finished emitting synchronously.
 * It is also two calls shorter per value, which the submit path feels.
 */
export function subscribeToSource<T>(source: Observable<T>, downstream: Subscription, handlers: SourceHandlers<T>): void {
  subscribeToSourceWith(source, downstream, new OperatorSubscriber(handlers));
}

/** `subscribeToSource` with a subscriber of the operator's own, a subclass of `OperatorSubscriber`. */
export function subscribeToSourceWith<T>(source: Observable<T>, downstream: Subscription, upstream: OperatorSubscriber<T>): void {
  downstream.add(upstream);
  source.subscribe(upstream);
}

/** The subscriber `subscribeToSource` makes; an operator with a hot per-value path may extend it (see `next`). */
export class OperatorSubscriber<T> extends Subscriber<T> {
  constructor(protected readonly handlers: SourceHandlers<T>) {
    super();
  }

  // `next` itself rather than `_next`: RxJS's shared `Subscriber.next` dispatches to every subscriber class in
  // the process, and on the submit path one monomorphic call is measurably cheaper than that.
  override next(value: T): void {
    if (!this.isStopped) this.handle(value);
  }

  /**
   * Hands a value to the operator. What the operator throws — a user's callback, a bad value — errors the
   * stream downstream, as in RxJS's own operators, instead of throwing into the producer's `next()`.
   */
  protected handle(value: T): void {
    try {
      this.handlers.next(value);
    } catch (error) {
      this.error(error);
    }
  }

  protected override _error(error: unknown): void {
    try {
      this.handlers.error(error);
    } finally {
      this.unsubscribe();
    }
  }

  protected override _complete(): void {
    try {
      this.handlers.complete();
    } finally {
      this.unsubscribe();
    }
  }
}
