import { BatchCallers } from './batchCallers.js';
import type { CancellableRequest, QueuedRequest } from './cancellableRequest.js';
import { UnicastSubject } from '../../operators/internal/unicastSubject.js';

/** A batch as the buffer cut it, with the callers its plain requests are waiting on. */
export interface CutBatch<Req, Res> {
  /** Every request the buffer cut, in order: the positions `callers` handed out. */
  readonly queued: QueuedRequest<Req, Res>[];
  readonly callers: BatchCallers<Res>;
}

/**
 * The intake: where `submit` puts a request into the pipeline, and the callers of the batch being filled.
 *
 * Every request takes a position in `callers` just before it enters the buffer, so `callers.size` always equals
 * the buffer's length and a request's position there is its position in the batch the buffer cuts.
 */
export class Intake<Req, Res> {
  /** The requests, one by one, as the buffer reads them. */
  readonly requests = new UnicastSubject<QueuedRequest<Req, Res>>();
  private callers: BatchCallers<Res> | undefined = undefined;
  /** Room for the next batch's resolvers: the size of the batch before it (as `bufferTimeOrCount` does). */
  private capacity: number;

  constructor(private readonly maxSize: number) {
    this.capacity = Math.min(maxSize, 16);
  }

  /** Queues a plain request; its caller waits on the promise. */
  addPlain(request: Req): Promise<Res> {
    const result = this.openBatch().addPlainRequest();
    this.requests.next(request);
    return result;
  }

  /** Queues a request that settles through its own resolvers. */
  addCancellable(request: CancellableRequest<Req, Res>): void {
    this.openBatch().addCancellableRequest();
    this.requests.next(request);
  }

  /** Pairs a batch the buffer has just cut with its callers; the next request starts a new batch. */
  cut(queued: QueuedRequest<Req, Res>[]): CutBatch<Req, Res> {
    const callers = this.callers!;
    this.callers = undefined;
    this.capacity = Math.min(this.maxSize, 1024, Math.max(16, callers.size));
    return { queued, callers };
  }

  private openBatch(): BatchCallers<Res> {
    return (this.callers ??= new BatchCallers<Res>(this.capacity));
  }
}
