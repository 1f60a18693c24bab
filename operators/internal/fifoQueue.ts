import { blankInstance } from './blankInstance.js';

/** Keeps `FifoQueue`'s hidden class (see `blankInstance`). */
let blankQueue: FifoQueue<unknown> | undefined;

/**
 * A first-in, first-out queue on an array read from a moving head: `shift` is O(1) (an array's own `shift`
 * moves every element), and the consumed front is dropped once it is most of the array, so memory follows
 * what is still queued.
 *
 * Each pushed value has a position that stays the same while it is queued (its index counted from the first
 * value ever pushed), so a caller can fill in a value it queued earlier: results kept in start order.
 */
export class FifoQueue<T> {
  private readonly items: Array<T | undefined> = [];
  private head = 0;
  /** How many values were dropped from the front of `items`: turns a position into an index. */
  private dropped = 0;

  constructor() {
    blankQueue ??= blankInstance(() => new FifoQueue());
  }

  get length(): number {
    return this.items.length - this.head;
  }

  get isEmpty(): boolean {
    return this.head === this.items.length;
  }

  /** Queues `value` at the back; returns its position. */
  push(value: T): number {
    this.items.push(value);
    return this.dropped + this.items.length - 1;
  }

  /** The value at the front, without taking it; `undefined` when empty. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** Takes the value at the front; `undefined` when empty. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const value = this.items[this.head];
    this.items[this.head++] = undefined; // lets it be collected once it has moved on
    this.compact();
    return value;
  }

  /** Replaces the value still queued at `position`. */
  set(position: number, value: T): void {
    this.items[position - this.dropped] = value;
  }

  /** Empties the queue. */
  clear(): void {
    this.dropped += this.items.length;
    this.items.length = 0; // the same array: a queue that empties after every batch allocates nothing
    this.head = 0;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.clear();
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.dropped += this.head;
      this.head = 0;
    }
  }
}
