import type { ObservableInput, SchedulerLike, Subscriber } from 'rxjs';
import { batchCapacity } from './batchCapacity.js';
import { BatchDeadline, type DeadlineOwner } from './batchDeadline.js';
import { OldestFirst } from './oldestFirst.js';
import { openBatch, type OpenBatch } from './openBatch.js';
import { OperatorSubscriber } from './operatorSubscriber.js';
import { blankInstance } from './blankInstance.js';
import { dedupeKeyOf, partitionOf, weighRequest, type PartitionKey } from './requestPolicies.js';
import type { Signal, SignalListener } from './signal.js';

/** Keeps `BatchBuffer`'s hidden class (see `blankInstance`). */
let blankBuffer: BatchBuffer<unknown> | undefined;

/** The stage after a buffer, when it can be busy: see `BufferTimeOrCountConfig.downstream`. */
export interface BusyDownstream {
  canTake(): boolean;
  /** Emits when the stage may have room again. */
  readonly ready: ObservableInput<unknown> | Signal;
}

/** How a buffer cuts batches besides `maxSize` and `maxDelayMs`; every field `undefined` for none. */
export interface BufferPolicies<T> {
  readonly weigh: ((value: T) => number) | undefined;
  readonly maxWeight: number;
  readonly partitionBy: ((value: T) => PartitionKey) | undefined;
  /** With `dedupe`, the key by which values count once. */
  readonly dedupeKey: ((value: T) => unknown) | undefined;
  /** Told the number of partitions holding values, each time it changes. */
  readonly onPartitionCount: ((count: number) => void) | undefined;
}

/**
 * `bufferTimeOrCount`'s subscriber to its source, holding the batches being filled: one, or with `partitionBy`
 * one per partition (each with its own count, weight and timer). A partition that sends its batch is dropped,
 * so idle partitions hold no memory.
 *
 * Without policies, most values only join the batch being filled: the first branch of `next`, one monomorphic
 * call per value. Everything else goes to `addValue`, and every decision about time to `BatchDeadline`.
 *
 * While the stage after it is busy, no batch goes out: batches that are full, due, or began while it was busy
 * wait in `ready`, and `sendWhileRoom` — called when that stage may have room — is the one place a batch is
 * chosen to go next: the one holding the oldest value.
 */
export class BatchBuffer<T> extends OperatorSubscriber<T> implements DeadlineOwner, SignalListener {
  /** Without policies, the batch being filled, or `null` between batches. With policies, always `null`. */
  private open: OpenBatch<T> | null = null;
  /** With policies, the batch being filled in each partition (one partition, `undefined`, without `partitionBy`). */
  private readonly partitions: Map<unknown, OpenBatch<T>> | undefined;
  /** Batches that may go when a slot frees, oldest first; made the first time one has to wait. */
  private ready: OldestFirst<OpenBatch<T>> | undefined = undefined;
  /** Batches begun so far: the age of each batch. */
  private begun = 0;
  /** Room for the next batch's array, without policies: the size of the batch before it. */
  private capacity: number;
  /** Without policies, the one timer, shared by batches that begin at the same instant. */
  private readonly deadline: BatchDeadline | undefined;
  private readonly maxWeight: number;
  /** The batcher's own signals, listened to directly (`listenTo`). */
  private flushSignal: Signal | undefined = undefined;
  private readySignal: Signal | undefined = undefined;

  constructor(
    private readonly batches: Subscriber<T[]>,
    private readonly maxSize: number,
    private readonly maxDelayMs: number,
    private readonly scheduler: SchedulerLike,
    private readonly downstream: BusyDownstream | undefined,
    private readonly policies: BufferPolicies<T> | undefined,
  ) {
    super();
    this.capacity = batchCapacity(maxSize);
    this.maxWeight = policies?.maxWeight ?? Infinity;
    if (policies === undefined) {
      this.deadline = new BatchDeadline(maxDelayMs, scheduler, this);
    } else {
      this.partitions = new Map();
    }
    blankBuffer ??= blankInstance(() => new BatchBuffer(undefined as never, maxSize, maxDelayMs, undefined as never, undefined, undefined));
  }

  override next(value: T): void {
    if (this.isStopped) return;
    const open = this.open;
    if (open !== null && open.size + 1 < this.maxSize && open.size < open.items.length) {
      open.items[open.size++] = value;
    } else {
      this.handle(value);
    }
  }

  protected onValue(value: T): void {
    this.addValue(value);
  }

  protected onError(error: unknown): void {
    this.clear();
    this.batches.error(error);
  }

  protected onComplete(): void {
    this.sendEverything();
    this.batches.complete();
  }

  /** Without policies, whether a batch is being filled (`DeadlineOwner`). */
  isFilling(): boolean {
    return this.open !== null;
  }

  /** Without policies, the batch being filled is due (`DeadlineOwner`). */
  deadlinePassed(): void {
    this.onDue(this.open);
  }

  /** Sends every batch, the ones waiting first, whatever the next stage's state (a flush, the end). */
  sendEverything(): void {
    // One batch at a time, looked up afresh: a subscriber that feeds the source while a batch is delivered may
    // fill, cut or begin batches, and each must go out once.
    for (let batch = this.anyBatch(); batch !== undefined; batch = this.anyBatch()) this.send(batch);
  }

  private anyBatch(): OpenBatch<T> | undefined {
    return this.ready?.shift() ?? this.open ?? this.partitions?.values().next().value;
  }

  /** The next stage may have room: sends the batches that may go, oldest first, while it has. */
  sendWhileRoom(): void {
    while (this.downstream!.canTake()) {
      const batch = this.ready?.shift();
      if (batch === undefined) return;
      this.send(batch);
    }
  }

  /** Sends everything when `flush` emits, and what may go when `ready` does, until unsubscribed. */
  listenTo(flush: Signal | undefined, ready: Signal | undefined): void {
    this.flushSignal = flush;
    this.readySignal = ready;
    flush?.listen(this);
    ready?.listen(this);
  }

  signalled(signal: Signal): void {
    if (signal === this.flushSignal) this.sendEverything();
    else this.sendWhileRoom();
  }

  // Unsubscribed from downstream, or done: no batch, timer or listener outlives the subscription.
  override unsubscribe(): void {
    this.clear();
    this.flushSignal?.stopListening(this);
    this.readySignal?.stopListening(this);
    super.unsubscribe();
  }

  /** Drops every batch and timer (unsubscribed, or errored). */
  clear(): void {
    this.open = null;
    this.ready?.clear();
    this.deadline?.cancel();
    if (this.partitions !== undefined) {
      for (const batch of this.partitions.values()) batch.deadline.cancel();
      this.partitions.clear();
    }
  }

  // A batch's first value, one that needs more room, the one that fills the batch, or any value with policies.
  private addValue(value: T): void {
    const policies = this.policies;
    if (policies === undefined) {
      const batch = this.open ?? (this.open = this.begin(undefined));
      this.append(batch, value);
      return;
    }
    const partition = policies.partitionBy === undefined ? undefined : partitionOf(policies.partitionBy, value);
    const weight = policies.weigh === undefined ? 0 : weighRequest(policies.weigh, policies.maxWeight, value);
    const key = policies.dedupeKey === undefined ? undefined : dedupeKeyOf(policies.dedupeKey, value);
    let batch = this.partitions!.get(partition);
    let duplicate = batch?.keys?.has(key) === true;
    // Cut before the value that would take the batch past `maxWeight`. Sending the cut batch may feed the source
    // re-entrantly and begin the partition's next batch, so the partition is looked up again.
    while (batch !== undefined && !duplicate && batch.weight + weight > policies.maxWeight) {
      this.full(batch);
      batch = this.partitions!.get(partition);
      duplicate = batch?.keys?.has(key) === true;
    }
    batch ??= this.begin(partition);
    if (duplicate) batch.items.push(value);
    else this.append(batch, value, weight, key);
  }

  private append(batch: OpenBatch<T>, value: T, weight = 0, key?: unknown): void {
    if (this.partitions === undefined && batch.size < batch.items.length) batch.items[batch.size] = value;
    else batch.items.push(value);
    batch.weight += weight;
    batch.keys?.add(key);
    // The timer starts once the value is in: a synchronous scheduler may fire it inside `start`.
    if (++batch.size >= this.maxSize || batch.weight >= this.maxWeight) this.full(batch);
    else if (batch.size === 1) batch.deadline.start();
  }

  private begin(partition: unknown): OpenBatch<T> {
    const startedBlocked = this.isBlocked();
    let batch: OpenBatch<T>;
    if (this.partitions === undefined) {
      batch = openBatch<T>(this.capacity, this.begun++, partition, this.deadline!, false);
    } else {
      const deadline = new BatchDeadline(this.maxDelayMs, this.scheduler, {
        isFilling: () => !batch.closed,
        deadlinePassed: () => this.onDue(batch),
      });
      batch = openBatch<T>(0, this.begun++, partition, deadline, this.policies!.dedupeKey !== undefined);
      this.partitions.set(partition, batch);
      this.policies!.onPartitionCount?.(this.partitions.size);
    }
    if (startedBlocked) this.enqueue(batch);
    return batch;
  }

  private full(batch: OpenBatch<T>): void {
    this.close(batch, true);
    if (batch.queued) return; // it waits in `ready` already, in its place
    if (this.ready?.isEmpty !== false && !this.isBlocked()) this.batches.next(batch.items);
    else this.enqueue(batch);
  }

  // A batch waiting in `ready` already goes from there, in its turn.
  private onDue(batch: OpenBatch<T> | null): void {
    if (batch === null || batch.closed || batch.queued) return;
    if (!this.isBlocked()) this.send(batch);
    else if (!batch.queued) this.enqueue(batch);
  }

  private enqueue(batch: OpenBatch<T>): void {
    batch.queued = true;
    (this.ready ??= new OldestFirst()).push(batch);
  }

  private send(batch: OpenBatch<T>): void {
    if (!batch.closed) this.close(batch, false);
    this.batches.next(batch.items);
  }

  // Takes the batch out of the buffer's state before it is sent, so a subscriber that feeds the source
  // re-entrantly starts a fresh batch instead of changing the one being delivered. A batch cut by count leaves the
  // shared timer for a batch starting at the same instant; a partition's timer goes with its batch.
  private close(batch: OpenBatch<T>, byCount: boolean): void {
    batch.closed = true;
    if (this.partitions === undefined) {
      this.open = null;
      if (batch.size < batch.items.length) batch.items.length = batch.size;
      this.capacity = batchCapacity(this.maxSize, batch.size);
      if (byCount) batch.deadline.keepForThisInstant();
      else batch.deadline.cancel();
    } else {
      batch.deadline.cancel();
      this.partitions.delete(batch.partition);
      this.policies!.onPartitionCount?.(this.partitions.size);
    }
  }

  private isBlocked(): boolean {
    return this.downstream !== undefined && !this.downstream.canTake();
  }
}
