import type { Envelope } from './cancellableRequest.js';

/**
 * Requests that arrived while the queue was full, with `onQueueFull: 'wait'`, in arrival order. A request that
 * leaves while waiting (abort, timeout) is settled elsewhere and simply skipped when its turn comes.
 */
export class WaitingRoom<Req, Res> {
  private readonly line: Envelope<Req, Res>[] = [];
  private head = 0;

  get isEmpty(): boolean {
    return this.head === this.line.length;
  }

  enter(envelope: Envelope<Req, Res>): void {
    this.line.push(envelope);
  }

  /** The next request still waiting, or `undefined`. */
  next(): Envelope<Req, Res> | undefined {
    while (this.head < this.line.length) {
      const envelope = this.line[this.head];
      this.line[this.head++] = undefined as never; // let it be collected once it moves on
      if (envelope.state === 'waiting') {
        this.compact();
        return envelope;
      }
    }
    this.compact();
    return undefined;
  }

  // Reading from a moving head keeps `next()` O(1); the array is trimmed once the consumed part dominates.
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.line.length) {
      this.line.splice(0, this.head);
      this.head = 0;
    }
  }
}
