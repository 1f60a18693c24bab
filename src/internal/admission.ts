import { BatcherClosedError, QueueFullError } from '../../operators/internal/errors.js';
import { FifoQueue } from '../../operators/internal/fifoQueue.js';
import type { CancellableRequest } from './cancellableRequest.js';

/**
 * Admission and the queue bound: counts the requests queued for dispatch (`maxQueueSize`), refuses a request
 * when the queue is full (`onQueueFull: 'reject'`), or keeps it in a waiting room, first come first served,
 * until room frees (`'wait'`).
 */
export class Admission<Req, Res> {
  /** Requests accepted and not yet handed to the batch function or settled. */
  queued = 0;
  /** Requests in the waiting room. */
  waiting = 0;
  /** Requests admitted since the batcher was made (refused ones are not counted). */
  submitted = 0;
  /** Requests waiting for room, once one has had to; one that leaves meanwhile is settled elsewhere and skipped here. */
  private waitingRoom: FifoQueue<CancellableRequest<Req, Res>> | undefined = undefined;
  private admissionScheduled = false;

  /** @param queue Where a request admitted from the waiting room goes: into the batch being filled. */
  constructor(
    private readonly maxQueueSize: number,
    private readonly onQueueFull: 'reject' | 'wait',
    private readonly queue: { addCancellable(request: CancellableRequest<Req, Res>): void },
  ) {}

  /** Why a new request is refused, if it is. */
  refusal(closed: boolean): Error | undefined {
    if (closed) return new BatcherClosedError();
    if (this.queued >= this.maxQueueSize && this.onQueueFull === 'reject') return new QueueFullError(this.maxQueueSize);
    return undefined;
  }

  /** A new request must wait for room: the queue is full, or someone is already waiting (first come, first served). */
  get mustWait(): boolean {
    return this.queued >= this.maxQueueSize || this.waitingRoom?.isEmpty === false;
  }

  /** Admits a plain request, which never waits (the caller checked `mustWait`). */
  admitPlain(): void {
    this.submitted++;
    this.queued++;
  }

  /**
   * Admits a cancellable request: counted as queued (its state stays `'queued'`; the caller puts it in the batch
   * being filled, unless it has left at once), or sent to the waiting room (its state becomes `'waiting'`).
   */
  admit(request: CancellableRequest<Req, Res>): void {
    this.submitted++;
    if (this.mustWait) {
      request.state = 'waiting';
      this.waiting++;
      (this.waitingRoom ??= new FifoQueue()).push(request);
      if (this.queued < this.maxQueueSize) this.scheduleAdmission();
    } else {
      this.queued++;
    }
  }

  /** `count` queued requests left the queue (dispatched, or settled before): their room goes to whoever waits. */
  release(count: number): void {
    this.queued -= count;
    if (this.waitingRoom?.isEmpty === false) this.scheduleAdmission();
  }

  /** `request` is settling: if it is still queued or waiting for room, it gives up its place. */
  leaveQueue(request: CancellableRequest<Req, Res>): void {
    if (request.state === 'queued') this.release(1);
    else if (request.state === 'waiting') this.waiting--;
  }

  /** Empties the waiting room, handing each request still in it to `refuse`. */
  closeWaitingRoom(refuse: (request: CancellableRequest<Req, Res>) => void): void {
    const waitingRoom = this.waitingRoom;
    if (waitingRoom === undefined) return;
    for (let request = waitingRoom.shift(); request !== undefined; request = waitingRoom.shift()) {
      if (request.state === 'waiting') refuse(request);
    }
  }

  // Admitting from a microtask keeps a new batch from being cut inside the dispatch that freed the room.
  private scheduleAdmission(): void {
    if (this.admissionScheduled) return;
    this.admissionScheduled = true;
    void Promise.resolve().then(() => this.admitWaiting());
  }

  private admitWaiting(): void {
    this.admissionScheduled = false;
    while (this.queued < this.maxQueueSize) {
      const request = this.waitingRoom?.shift();
      if (request === undefined) return;
      if (request.state !== 'waiting') continue;
      request.state = 'queued';
      this.waiting--;
      this.queued++;
      this.queue.addCancellable(request);
    }
  }
}
