import { Observable } from 'rxjs';

/**
 * A notification with no value and one listener: "a slot freed", "flush now", sent from one of the batcher's
 * stages to its buffer. An Observable, so it goes wherever an `ObservableInput` does; `bufferTimeOrCount` listens
 * to it directly instead of subscribing, which spares every batcher the subscriber objects of two subscriptions.
 */
export class Signal extends Observable<void> {
  private listener: (() => void) | undefined = undefined;

  constructor() {
    super((subscriber) => this.listen(() => subscriber.next()));
  }

  /** Calls `listener` on each `emit` until the returned function is called. One listener at a time. */
  listen(listener: () => void): () => void {
    if (this.listener !== undefined) throw new Error('A Signal takes exactly one listener');
    this.listener = listener;
    return () => {
      if (this.listener === listener) this.listener = undefined;
    };
  }

  emit(): void {
    this.listener?.();
  }
}
