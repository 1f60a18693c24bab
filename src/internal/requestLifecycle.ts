import type { SchedulerLike } from 'rxjs';
import { TimeoutError } from '../../operators/internal/errors.js';
import { listenForAbort } from './abortListeners.js';
import type { Admission } from './admission.js';
import type { CancellableRequest } from './cancellableRequest.js';

/** What makes a caller leave before its request settles. */
export interface LeavingOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

const whereItWas = {
  waiting: 'while waiting for room in the queue',
  queued: 'while queued',
  dispatched: 'while its batch was running',
  settled: '',
} as const;

/**
 * The lifecycle of a request whose caller can leave: each is settled exactly once, with its result or the reason
 * its caller left (an aborted `signal`, its own `timeoutMs`, an unsubscribed `submit$`), and the counts of
 * resolved and rejected requests are kept here.
 *
 * A caller who leaves is answered at once. A queued request stays in its buffer but is skipped at dispatch; a
 * dispatched one, the last of its call to leave, aborts the call's signal. The call still keeps its slot until
 * the batch function returns.
 */
export class RequestLifecycle<Req, Res> {
  resolved = 0;
  rejected = 0;

  constructor(
    private readonly admission: Admission<Req, Res>,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** Settles `request` unless it already is, freeing its place in the queue or the waiting room. */
  settle(request: CancellableRequest<Req, Res>, ok: boolean, value: unknown): void {
    if (request.state === 'settled') return;
    this.admission.leaveQueue(request);
    request.state = 'settled';
    request.release?.();
    if (ok) {
      this.resolved++;
      request.resolve(value as Res);
    } else {
      this.rejected++;
      request.reject(value);
    }
  }

  /** The caller leaves with `reason`. */
  leave(request: CancellableRequest<Req, Res>, reason: unknown): void {
    if (request.state === 'settled') return;
    const call = request.call;
    this.settle(request, false, reason);
    if (call === undefined) return;
    if (--call.callersLeft === 0) call.context.abort(reason);
    else call.context.callerLeft?.();
  }

  /** Makes `request` leave when its `signal` aborts or its `timeoutMs` runs out. */
  watch(request: CancellableRequest<Req, Res>, { signal, timeoutMs }: LeavingOptions): void {
    if (signal?.aborted) {
      this.leave(request, signal.reason);
      return;
    }
    const stopListening = signal === undefined ? undefined : listenForAbort(signal, () => this.leave(request, signal.reason));
    const timer = timeoutMs === undefined ? undefined : this.scheduler.schedule(() => {
      const message = `The request timed out after \`timeoutMs\` (${timeoutMs} ms) ${whereItWas[request.state]}`;
      this.leave(request, new TimeoutError(message, timeoutMs));
    }, timeoutMs);
    request.release = () => {
      stopListening?.();
      timer?.unsubscribe();
    };
  }
}
