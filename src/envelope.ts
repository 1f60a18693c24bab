import type { LazyBatchContext } from './batchContext.js';

/**
 * Where one request is in its life. It only moves forward: (waiting →) queued → dispatched → settled, and may
 * settle from any state. `waiting` is for room in a full queue, with `onQueueFull: 'wait'`.
 */
export type EnvelopeState = 'waiting' | 'queued' | 'dispatched' | 'settled';

/** The requests of one batch function call that still have a caller waiting. */
export interface DispatchedBatch {
  callersLeft: number;
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
