import type { SchedulerLike, Subscriber } from 'rxjs';
import { batchCapacity } from './batchCapacity.js';
import { BatchDeadline } from './batchDeadline.js';
import { FifoQueue } from './fifoQueue.js';
import { OperatorSubscriber } from './operatorSubscriber.js';

/** The stage after a buffer, when it can be busy: see `BufferTimeOrCountConfig.downstream`. */
export interface BusyDownstream {
  canTake(): boolean;
}

/**
 * `bufferTimeOrCount`'s subscriber to its source, holding the batch being filled.
 *
 * Most values only join the batch being filled: that is the first branch of `next`, one monomorphic call per
 * value. Everything else — a batch's first value, one that needs more room, the one that fills it — goes to
 * `addValue`, and every decision about time to `BatchDeadline`.
 *
 * While the stage after it is busy, no batch goes out: full ones are kept in `waitingForRoom`, in order, and
 * `sendWhileRoom` — called when that stage may have room — is the one place a batch is chosen to go next.
 */
export class BatchBuffer<T> extends OperatorSubscriber<T> {
  /** The batch being filled, made at its first value; `null` between batches. */
  private buffer: T[] | null = null;
  /** How many values `buffer` holds. */
  private size = 0;
  /** Room for the next batch's array: the size of the batch before it, so small batches stay small. */
  private capacity: number;
  /** The batch being filled is due, but the next stage could not take it yet. */
  private due = false;
  /** The batch being filled began while the next stage was busy: its values wait for room, not for company. */
  private startedBlocked = false;
  /** Full batches, oldest first, kept while the next stage is busy. */
  private readonly waitingForRoom = new FifoQueue<T[]>();
  private readonly deadline: BatchDeadline;

  constructor(
    private readonly batches: Subscriber<T[]>,
    private readonly maxSize: number,
    maxDelayMs: number,
    scheduler: SchedulerLike,
    private readonly downstream: BusyDownstream | undefined,
  ) {
    super({
      next: (value) => this.addValue(value),
      error: (error) => {
        this.buffer = null;
        batches.error(error);
      },
      complete: () => {
        this.sendEverything();
        batches.complete();
      },
    });
    this.capacity = batchCapacity(maxSize);
    this.deadline = new BatchDeadline(maxDelayMs, scheduler, () => this.buffer !== null, () => this.onDue());
  }

  override next(value: T): void {
    if (this.isStopped) return;
    const { buffer, size } = this;
    if (buffer !== null && size + 1 < this.maxSize && size < buffer.length) {
      buffer[size] = value;
      this.size = size + 1;
    } else {
      this.handle(value);
    }
  }

  /** Sends every batch kept, then the one being filled, whatever the next stage's state (a flush, the end). */
  sendEverything(): void {
    while (!this.waitingForRoom.isEmpty) this.batches.next(this.waitingForRoom.shift()!);
    this.sendFilling();
  }

  /** The next stage may have room: sends the oldest kept batch, or the one being filled if it may go. */
  sendWhileRoom(): void {
    while (this.downstream!.canTake()) {
      if (!this.waitingForRoom.isEmpty) this.batches.next(this.waitingForRoom.shift()!);
      else if (this.buffer !== null && (this.due || this.startedBlocked)) this.sendFilling();
      else return;
    }
  }

  /** Drops the batch and its timer (unsubscribed). */
  clear(): void {
    this.buffer = null;
    this.waitingForRoom.clear();
    this.deadline.cancel();
  }

  // A batch's first value, one that needs more room, or the one that fills the batch.
  private addValue(value: T): void {
    let buffer = this.buffer;
    const startsBatch = buffer === null;
    if (buffer === null) {
      buffer = this.buffer = new Array<T>(this.capacity);
      this.size = 0;
      this.startedBlocked = this.isBlocked();
    }
    if (this.size < buffer.length) buffer[this.size] = value;
    else buffer.push(value);
    // The timer starts once the value is in: a synchronous scheduler may fire it inside `start`.
    if (++this.size >= this.maxSize) this.filled();
    else if (startsBatch) this.deadline.start();
  }

  private filled(): void {
    const batch = this.take();
    this.deadline.keepForThisInstant();
    if (this.waitingForRoom.isEmpty && !this.isBlocked()) this.batches.next(batch);
    else this.waitingForRoom.push(batch);
  }

  private onDue(): void {
    if (this.buffer === null) return;
    if (this.isBlocked()) this.due = true;
    else this.sendFilling();
  }

  private sendFilling(): void {
    const batch = this.buffer === null ? null : this.take();
    this.deadline.cancel();
    if (batch !== null) this.batches.next(batch);
  }

  // Takes the batch out of state before it is sent, so a subscriber that feeds the source re-entrantly starts a
  // fresh batch instead of changing the one being delivered. A batch cut before it filled its array gives back
  // the unused room.
  private take(): T[] {
    const batch = this.buffer!;
    const { size } = this;
    this.buffer = null;
    this.due = false;
    this.startedBlocked = false;
    if (size < batch.length) batch.length = size;
    this.capacity = batchCapacity(this.maxSize, size);
    return batch;
  }

  private isBlocked(): boolean {
    return this.downstream !== undefined && !this.downstream.canTake();
  }
}
