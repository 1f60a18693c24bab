import { from, Observable, type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs';
import { BatchBuffer, type BufferPolicies, type BusyDownstream } from './batchBuffer.js';
import { subscribeToSource, subscribeToSourceWith } from './operatorSubscriber.js';
import { Signal } from './signal.js';

/** `bufferTimeOrCount`'s config, checked: what `bufferBatches` takes. */
export interface ValidBufferConfig<T> {
  readonly maxSize: number;
  readonly maxDelayMs: number;
  readonly scheduler: SchedulerLike;
  readonly flush: ObservableInput<unknown> | Signal | undefined;
  readonly downstream: BusyDownstream | undefined;
  readonly policies: BufferPolicies<T> | undefined;
}

/**
 * `bufferTimeOrCount` once its config is checked: the batcher, which checked its options already, starts here.
 */
export function bufferBatches<T>(config: ValidBufferConfig<T>): OperatorFunction<T, T[]> {
  const { maxSize, maxDelayMs, scheduler, flush, downstream, policies } = config;
  return (source) =>
    new Observable<T[]>((subscriber) => {
      const buffer = new BatchBuffer<T>(subscriber, maxSize, maxDelayMs, scheduler, downstream, policies);
      const ready = downstream?.ready;
      buffer.listenTo(flush instanceof Signal ? flush : undefined, ready instanceof Signal ? ready : undefined);
      // Any other notifier is subscribed like the source: unsubscribing ends it, and an error in it errors the
      // stream, as a closing notifier's does in RxJS's `buffer`. Subscribed before the source, so a `flush` that
      // emits at once (a BehaviorSubject) finds the buffer ready.
      if (flush !== undefined && !(flush instanceof Signal)) listenTo(flush, subscriber, () => buffer.sendEverything());
      if (downstream !== undefined && !(ready instanceof Signal)) listenTo(ready!, subscriber, () => buffer.sendWhileRoom());
      subscribeToSourceWith(source, subscriber, buffer); // unsubscribing the buffer clears it
    });
}

/** Calls `handler` on each emission of `input` until `subscriber` ends; an error from it errors the stream. */
function listenTo<T>(input: ObservableInput<unknown>, subscriber: Subscriber<T>, handler: () => void): void {
  subscribeToSource(from(input), subscriber, { next: handler, error: (error) => subscriber.error(error), complete: () => {} });
}
