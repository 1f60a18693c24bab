/** Who a `Signal` tells: told which signal it was, so one listener can tell its signals apart. */
export interface SignalListener {
  signalled(signal: Signal): void;
}

/**
 * A notification with no value and one listener: "a slot freed", "flush now", sent from one of the batcher's
 * stages to its buffer. The buffer listens to it directly rather than subscribing to an Observable: a batcher made
 * per incoming request would otherwise make a subscriber and its closures for each signal, each time.
 */
export class Signal {
  private listener: SignalListener | undefined = undefined;

  /** Tells `listener` of each `emit` until `stopListening`. One listener at a time. */
  listen(listener: SignalListener): void {
    if (this.listener !== undefined) throw new Error('A Signal takes exactly one listener');
    this.listener = listener;
  }

  stopListening(listener: SignalListener): void {
    if (this.listener === listener) this.listener = undefined;
  }

  emit(): void {
    this.listener?.signalled(this);
  }
}
