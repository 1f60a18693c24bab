import type { CallControl } from '../../operators/internal/batchContext.js';
import type { PolicyFacts } from '../../operators/internal/requestPolicies.js';

/**
 * Where a cancellable request is in its life. It only moves forward: (waiting →) queued → dispatched → settled,
 * and may settle from any state. `waiting` is for room in a full queue, with `onQueueFull: 'wait'`.
 */
export type RequestState = 'waiting' | 'queued' | 'dispatched' | 'settled';

/** One batch function call, as the cancellable requests in it see it. */
export interface DispatchedCall {
  /** Callers of this call still waiting for it; plain requests never leave, so they keep it above 0. */
  callersLeft: number;
  /** The attempt running now, or the wait for the next one (`retry`): what a leaving caller aborts. */
  context: CallControl;
}

/**
 * A request whose caller may leave before it settles — it has a `signal` or `timeoutMs`, came through
 * `submit$`, or waits for room in a full queue — so it needs resolvers of its own. Plain `submit`s travel as
 * bare requests and are settled through their `BatchCallers`.
 */
export class CancellableRequest<Req, Res> {
  state: RequestState = 'queued';
  /** Set at dispatch, so a caller who leaves mid-call can tell the batch function when nobody is left. */
  call: DispatchedCall | undefined = undefined;
  /** Removes this request's abort listener and timeout timer, if it has any. */
  release: (() => void) | undefined = undefined;
  /** With `weigh`, `partitionBy` or `dedupe`: its weight, partition and key, worked out at submit. */
  facts: PolicyFacts | undefined = undefined;

  constructor(
    readonly request: Req,
    readonly resolve: (value: Res) => void,
    readonly reject: (reason: unknown) => void,
  ) {}
}

/** What the buffer holds: a plain request as is, or a cancellable one. */
export type QueuedRequest<Req, Res> = Req | CancellableRequest<Req, Res>;

/** The request itself, whether it travels plain or as a `CancellableRequest`. */
export function requestOf<Req, Res>(queued: QueuedRequest<Req, Res>): Req {
  return queued instanceof CancellableRequest ? queued.request : queued;
}
