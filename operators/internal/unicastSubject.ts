import { Observable, type Subscriber } from 'rxjs';

/**
 * A Subject with exactly one subscriber: the batcher's intake, whose subscriber is the pipeline.
 *
 * RxJS's `Subject.next` supports any number of subscribers, and pays for it on every call (a closure for its
 * error context and an iterator over the subscriber list, in the ES5 build Node loads): two allocations per
 * request on the submit path (bench/README.md). This one hands each value straight to its single subscriber.
 */
export class UnicastSubject<T> extends Observable<T> {
  private subscriber: Subscriber<T> | undefined = undefined;

  constructor() {
    // No teardown: a subscriber that has unsubscribed ignores what it is sent, and another may take its place.
    super((subscriber) => {
      if (this.subscriber?.closed === false) throw new Error('A UnicastSubject takes exactly one subscriber');
      this.subscriber = subscriber;
    });
  }

  next(value: T): void {
    this.subscriber?.next(value);
  }

  complete(): void {
    if (this.subscriber?.closed === false) this.subscriber.complete();
  }
}
