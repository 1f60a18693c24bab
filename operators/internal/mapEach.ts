import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { OperatorSubscriber, subscribeToSourceWith } from './operatorSubscriber.js';

/**
 * RxJS's `map`, without the index and `thisArg`, in one subscriber object: RxJS's makes a closure per
 * subscription for each of next, error and complete, and a batcher made per incoming request subscribes its
 * pipeline each time.
 */
export function mapEach<T, R>(project: (value: T) => R): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      subscribeToSourceWith(source, subscriber, new MapSubscriber(subscriber, project));
    });
}

class MapSubscriber<T, R> extends OperatorSubscriber<T> {
  constructor(
    private readonly results: Subscriber<R>,
    private readonly project: (value: T) => R,
  ) {
    super();
  }

  protected onValue(value: T): void {
    this.results.next(this.project(value));
  }

  protected onError(error: unknown): void {
    this.results.error(error);
  }

  protected onComplete(): void {
    this.results.complete();
  }
}
