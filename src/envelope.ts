import type { LazyBatchContext } from './batchContext.js';

/** Where one request is in its life. It only moves forward: queued → dispatched → settled, or queued → settled. */
export type EnvelopeState = 'queued' | 'dispatched' | 'settled';

/** The requests of one batch function call that still have a caller waiting. */
export interface DispatchedBatch {
  waiting: number;
  readonly context: LazyBatchContext;
}

/**
 * One request on its way through the batcher, with the callbacks that answer its caller. A class, so every
 * envelope shares one shape and the submit path allocates one small object.
 */
export class Envelope<Req, Res> {
  state: EnvelopeState = 'queued';
  /** Set at dispatch, so a caller who leaves mid-call can tell the batch function when nobody is left. */
  batch: DispatchedBatch | undefined = undefined;
  /** Removes this request's abort listener and timeout timer, if it has any. */
  release: (() => void) | undefined = undefined;

  constructor(
    readonly request: Req,
    readonly resolve: (value: Res) => void,
    readonly reject: (reason: unknown) => void,
  ) {}
}
