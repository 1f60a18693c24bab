import { batchCapacity } from '../../operators/internal/batchCapacity.js';
import { FifoQueue } from '../../operators/internal/fifoQueue.js';
import { BatchCallers } from './batchCallers.js';
import type { CancellableRequest, QueuedRequest } from './cancellableRequest.js';
import { UnicastSubject } from '../../operators/internal/unicastSubject.js';

/** A batch as the buffer sent it, with the callers its plain requests are waiting on. */
export interface SentBatch<Req, Res> {
  /** Every request of the batch, in order: the positions `callers` handed out. */
  readonly queued: QueuedRequest<Req, Res>[];
  readonly callers: BatchCallers<Res>;
}

/**
 * The intake: where `submit` puts a request into the pipeline, and the callers of the batch being filled.
 *
 * Every request takes a position in the callers of the batch being filled just before it enters the buffer, so
 * the callers of each batch the buffer holds are, position by position, the requests of that batch.
 */
export class Intake<Req, Res> {
  /** The requests, one by one, as the buffer reads them. */
  readonly requests = new UnicastSubject<QueuedRequest<Req, Res>>();
  /** The callers of the batch being filled. */
  private callers: BatchCallers<Res> | undefined = undefined;
  /** The callers of full batches the buffer keeps while every call slot is busy, oldest first; made when first needed. */
  private fullBatches: FifoQueue<BatchCallers<Res>> | undefined = undefined;
  /** Room for the next batch's resolvers: the size of the batch before it (as `bufferTimeOrCount` does). */
  private capacity: number;

  /**
   * @param everyRequestCancellable With policies (`weigh`, `partitionBy`, `dedupe`), every request is a
   *   `CancellableRequest` and the buffer cuts batches by rules the positions here do not follow: each batch's
   *   callers are then made when it is sent.
   */
  constructor(
    private readonly maxSize: number,
    private readonly everyRequestCancellable = false,
  ) {
    this.capacity = batchCapacity(maxSize);
  }

  /** Queues a plain request; its caller waits on the promise. */
  addPlain(request: Req): Promise<Res> {
    const result = this.openBatch().addPlainRequest();
    this.requests.next(request);
    return result;
  }

  /** Queues a request that settles through its own resolvers. */
  addCancellable(request: CancellableRequest<Req, Res>): void {
    if (!this.everyRequestCancellable) this.openBatch().addCancellableRequest();
    this.requests.next(request);
  }

  /** Pairs a batch the buffer has just sent with its callers: the oldest ones (the buffer sends in order). */
  withCallers(queued: QueuedRequest<Req, Res>[]): SentBatch<Req, Res> {
    if (this.everyRequestCancellable) return { queued, callers: BatchCallers.ofCancellable<Res>(queued.length) };
    let callers = this.fullBatches?.shift();
    if (callers === undefined) {
      callers = this.callers!;
      this.callers = undefined;
    }
    this.capacity = batchCapacity(this.maxSize, callers.size);
    return { queued, callers };
  }

  // A batch is full at `maxSize`, as in the buffer, which starts the next one there whether it sends the full
  // one or keeps it: so the two always agree on where each batch begins.
  private openBatch(): BatchCallers<Res> {
    const callers = this.callers;
    if (callers !== undefined && callers.size < this.maxSize) return callers;
    if (callers !== undefined) (this.fullBatches ??= new FifoQueue()).push(callers);
    return (this.callers = new BatchCallers<Res>(this.capacity));
  }
}
