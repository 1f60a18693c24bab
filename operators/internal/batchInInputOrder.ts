import { Observable, type OperatorFunction } from 'rxjs';
import type { BatchOutcome } from './invokeBatch.js';
import { LazyBatchContext } from './batchContext.js';
import { invokeBatch } from './invokeBatch.js';
import type { ResolvedOptions } from './validateOptions.js';
import type { BatchFunction } from './batchFunction.js';
import { bufferBatches } from './bufferBatches.js';
import { correlate, type CorrelatedBatch } from '../correlate.js';
import { CallStage } from './callStage.js';
import { InputOrder, type PolicyEntry } from './inputOrder.js';
import { mergeCalls, type StartCall } from './mergeCalls.js';
import { subscribeToSource } from './operatorSubscriber.js';
import { hasRequestPolicies, policiesFromFacts, policyFactsOf } from './requestPolicies.js';

/**
 * The shared engine of `batchRequests` and `batchRequestsSettled`: groups requests, calls the batch function
 * with at most `concurrency` calls at once, and emits each correlated batch in the order its requests arrived,
 * holding back a batch that finished before an earlier one.
 *
 * Built from RxJS operators end to end, so an unsubscribe downstream (`take(n)`) reaches the source at once,
 * even in the middle of a synchronous burst.
 *
 * @param perRequestFailures A request whose `weigh`, `partitionBy` or `key` fails comes out as that request's
 *   failure (`batchRequestsSettled`), instead of erroring the stream (`batchRequests`, with no per-request channel).
 */
export function batchInInputOrder<Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  options: ResolvedOptions<Req, K>,
  perRequestFailures = false,
): OperatorFunction<Req, CorrelatedBatch<Req, Res>> {
  const { maxSize, maxDelayMs, scheduler, concurrency, key } = options;
  if (hasRequestPolicies(options)) return batchWithPolicies(fn, options, perRequestFailures);
  return (source) =>
    source.pipe(
      bufferBatches<Req>({ maxSize, maxDelayMs, scheduler, flush: undefined, downstream: undefined, policies: undefined }),
      mergeCalls(callOf(fn, options, requestsAsItems(key)), concurrency, 'start'),
      correlate<Req, Res, K>(key),
    );
}

/**
 * With policies, each request is numbered and its policies worked out once, as it arrives; batches are cut by
 * what that found, and `InputOrder` puts the results back in arrival order, which partitions do not keep.
 */
function batchWithPolicies<Req, Res, K>(
  fn: BatchFunction<Req, Res, K>,
  options: ResolvedOptions<Req, K>,
  perRequestFailures: boolean,
): OperatorFunction<Req, CorrelatedBatch<Req, Res>> {
  const { maxSize, maxDelayMs, scheduler, concurrency } = options;
  const view = entriesAsItems(options);
  return (source) =>
    new Observable<CorrelatedBatch<Req, Res>>((subscriber) => {
      const order = new InputOrder<Req, Res>(subscriber);
      let index = 0;
      const entries = new Observable<PolicyEntry<Req>>((entrySubscriber) => {
        subscribeToSource(source, entrySubscriber, {
          next(request) {
            const number = index++;
            let entry: PolicyEntry<Req>;
            try {
              entry = { index: number, request, ...policyFactsOf(request, options) };
            } catch (error) {
              if (!perRequestFailures) throw error; // errors the stream
              order.putFailure(number, request, error);
              return;
            }
            entrySubscriber.next(entry);
          },
          error: (error) => entrySubscriber.error(error),
          complete: () => entrySubscriber.complete(),
        });
      });
      const batches = entries.pipe(
        bufferBatches<PolicyEntry<Req>>({
          maxSize, maxDelayMs, scheduler, flush: undefined, downstream: undefined,
          policies: policiesFromFacts(options, (entry: PolicyEntry<Req>) => entry),
        }),
        mergeCalls(callOf(fn, options, view), concurrency, 'start'),
        correlate<PolicyEntry<Req>, Res, unknown>(view.keyOf),
      );
      subscribeToSource(batches, subscriber, {
        next: (batch) => order.putBatch(batch),
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/** How the call stage reads a batch's items: the requests themselves, or numbered `PolicyEntry`s. */
interface ItemView<T, Req> {
  readonly requestOf: (item: T) => Req;
  /** The requests the batch function gets: a copy, so one that sorts or splices them moves no result. */
  readonly requestsOf: (items: T[]) => Req[];
  /** A batch holds one partition's items, so its first item says which. */
  readonly partitionOf: (items: T[]) => string | number | undefined;
  /** An item's key in a `Map` output, and for `dedupe`. */
  readonly keyOf: ((item: T) => unknown) | undefined;
}

function requestsAsItems<Req, K>(key: ((request: Req) => K) | undefined): ItemView<Req, Req> {
  return { requestOf: (request) => request, requestsOf: (requests) => requests.slice(), partitionOf: () => undefined, keyOf: key };
}

function entriesAsItems<Req, K>({ key, dedupe }: ResolvedOptions<Req, K>): ItemView<PolicyEntry<Req>, Req> {
  return {
    requestOf: (entry) => entry.request,
    requestsOf: (entries) => entries.map((entry) => entry.request),
    partitionOf: (entries) => entries[0].partition,
    // With `dedupe` the key was worked out as the request arrived; a `Map` output is looked up by the same key.
    keyOf: dedupe ? (entry) => entry.key : key === undefined ? (entry) => entry.request : (entry) => key(entry.request),
  };
}

/** Starts one batch function call per batch: plainly, or through the call stage with `retry` or `dedupe`. */
function callOf<T, Req, Res, K>(fn: BatchFunction<Req, Res, K>, options: ResolvedOptions<Req, K>, view: ItemView<T, Req>): StartCall<T[], BatchOutcome<T>> {
  const { timeoutMs, scheduler, retry, dedupe } = options;
  const { requestOf, requestsOf, partitionOf, keyOf } = view;
  if (retry === undefined && !dedupe) {
    return (items, done) => invokeBatch(fn, items, requestsOf(items), new LazyBatchContext(partitionOf(items)), timeoutMs, scheduler, done);
  }
  // A stream has no caller that leaves on its own: its requests are wanted until it is unsubscribed.
  const stage = new CallStage<T, Req, Res, K>(fn, { timeoutMs, scheduler, retry, dedupe, keyOf, requestOf, isWanted: () => true });
  return (items, done) => {
    const context = new LazyBatchContext(partitionOf(items));
    return stage.start(items, requestsOf(items), { context }, context, done);
  };
}
