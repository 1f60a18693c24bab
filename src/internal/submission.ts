import { Observable } from 'rxjs';
import { describeValue } from '../../operators/internal/describeValue.js';
import { checkSubmitOptions } from '../../operators/internal/validateOptions.js';
import { hasRequestPolicies, policyFactsOf, type RequestPolicyOptions } from '../../operators/internal/requestPolicies.js';
import type { SubmitOptions } from '../types.js';
import type { Admission } from './admission.js';
import { CancellableRequest } from './cancellableRequest.js';
import type { Intake } from './intake.js';
import type { RequestLifecycle } from './requestLifecycle.js';

/**
 * The ways in: `submit`, `submit$` and `submitMany`. A request is refused (closed, full queue, bad options),
 * or admitted and put into the intake: plainly, on the hot path, or as a `CancellableRequest` when its caller can
 * leave, it may wait for room, or the batcher has policies. A policy callback (`weigh`, `partitionBy`, `key`)
 * that throws or returns something invalid rejects only its own request, before it is queued.
 */
export class Submission<Req, Res> {
  /** Every request carries its weight, partition and key: the buffer reads them without calling back. */
  private readonly tracked: boolean;

  constructor(
    private readonly admission: Admission<Req, Res>,
    private readonly intake: Intake<Req, Res>,
    private readonly lifecycle: RequestLifecycle<Req, Res>,
    private readonly shutdown: { readonly closed: boolean },
    private readonly policies: RequestPolicyOptions<Req>,
  ) {
    this.tracked = hasRequestPolicies(policies);
  }

  readonly submit = (request: Req, options?: SubmitOptions): Promise<Res> => {
    if (options !== undefined || this.tracked || this.shutdown.closed || this.admission.mustWait) {
      const error = this.refusal(options);
      if (error !== undefined) return Promise.reject(error);
      return new Promise<Res>((resolve, reject) => this.enqueue(new CancellableRequest(request, resolve, reject), options));
    }
    // The plain path, and the hot one: no request object, just a position in the batch being filled.
    this.admission.admitPlain();
    return this.intake.addPlain(request);
  };

  readonly submit$ = (request: Req, options?: SubmitOptions): Observable<Res> =>
    new Observable<Res>((subscriber) => {
      const error = this.refusal(options);
      if (error !== undefined) return subscriber.error(error);
      const cancellable = new CancellableRequest<Req, Res>(request, (value) => {
        subscriber.next(value);
        subscriber.complete();
      }, (reason) => subscriber.error(reason));
      this.enqueue(cancellable, options);
      return () => {
        if (cancellable.state !== 'settled') this.lifecycle.leave(cancellable, new Error('The subscriber unsubscribed before the request settled'));
      };
    });

  readonly submitMany = (requests: Iterable<Req>, options?: SubmitOptions): Promise<PromiseSettledResult<Res>[]> => {
    const invalid = options === undefined ? undefined : checkSubmitOptions(options);
    if (invalid !== undefined) return Promise.reject(invalid);
    if (typeof (requests as Partial<Iterable<Req>> | null)?.[Symbol.iterator] !== 'function') {
      return Promise.reject(new TypeError(`Expected \`submitMany\`'s requests to be an iterable (an array, a Set…), got ${describeValue(requests)}`));
    }
    const promises: Promise<Res>[] = [];
    try {
      for (const request of requests) promises.push(this.submit(request, options));
    } catch (error) {
      // The iterator threw part-way: what was submitted still runs, and its outcomes are observed here.
      void Promise.allSettled(promises);
      return Promise.reject(error);
    }
    return Promise.allSettled(promises);
  };

  private refusal(options: SubmitOptions | undefined): Error | undefined {
    return this.admission.refusal(this.shutdown.closed) ?? checkSubmitOptions(options);
  }

  private enqueue(request: CancellableRequest<Req, Res>, options: SubmitOptions | undefined): void {
    if (this.tracked) {
      const invalid = this.applyPolicies(request);
      if (invalid !== undefined) {
        request.state = 'settled';
        request.reject(invalid);
        return;
      }
    }
    this.admission.admit(request);
    if (options !== undefined) this.lifecycle.watch(request, options);
    if (request.state === 'queued') this.intake.addCancellable(request);
  }

  private applyPolicies(request: CancellableRequest<Req, Res>): unknown {
    try {
      request.facts = policyFactsOf(request.request, this.policies);
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

