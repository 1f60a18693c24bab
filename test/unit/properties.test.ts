/**
 * Property-based tests of the contract: thousands of random scenarios — options, arrival times, batch functions
 * that succeed, throw, reject, return per-item errors, the wrong length, a Map with holes, or never settle —
 * with aborts, timeouts, flush() and close() at random moments, all in virtual time (jest fake timers). The
 * batching policies are drawn too: weights with `maxWeight` (some requests heavier than it), partitions, `dedupe`
 * with requests that share a key, and `retry` of whole batches and of retryable per-item errors.
 *
 * Two properties, PROPERTY_RUNS scenarios each (default 1,000; set more for a nightly run): one draws everything,
 * one keeps the policies on. On failure fast-check prints the seed and path; replay with
 * PROPERTY_SEED=<seed> PROPERTY_PATH=<path> and `-t` naming the property that failed.
 */
import fc from 'fast-check';
import { Observable } from 'rxjs';
import {
  BatcherClosedError,
  BatchResultError,
  createBatcher,
  QueueFullError,
  TimeoutError,
  type BatchContext,
} from '../../src/index.js';

const behaviours = [
  'sync', 'async', 'ignoresSignal', 'observable', 'throw', 'reject', 'itemErrors', 'wrongLength', 'mapWithHoles', 'never',
  'throwRetryable', 'rejectRetryable',
] as const;
type Behaviour = (typeof behaviours)[number];

/**
 * What the batcher batches. `key` is the request's identity for `dedupe` and for a `Map` output, and its result is
 * `key * 10`: without `dedupe` every request has its own key (its id); with it, some share one of a few keys.
 */
interface Message {
  readonly id: number;
  readonly key: number;
  readonly weight: number;
  readonly partition: number;
}

type Action =
  | {
    type: 'submit'; via: 'promise' | 'observable'; withSignal: boolean; timeoutMs: number | undefined;
    /** With `dedupe`, one of a few shared keys; otherwise (or when undefined) the request's own key. */
    sharedKey: number | undefined;
    partitionPick: number;
  }
  | { type: 'abort'; pick: number }
  | { type: 'flush' }
  | { type: 'close'; deadlineMs: number | undefined };

interface RetryScenario {
  count: number; delayMs: number; backoff: 'exponential' | 'fixed'; jitter: number;
  /** Retry only `Retryable` errors, per item too (`when`); otherwise whole-batch failures only, as without `when`. */
  retryableOnly: boolean;
}

interface Scenario {
  options: {
    maxSize: number; maxDelayMs: number; concurrency: number; maxQueueSize: number; onQueueFull: 'reject' | 'wait';
    timeoutMs: number | undefined;
  };
  policies: {
    /** The weight of each key (`weights[|key| % length]`), with `maxWeight`; some may weigh more than it. */
    weights: { table: number[]; maxWeight: number } | undefined;
    partitions: number | undefined;
    dedupe: boolean;
    retry: RetryScenario | undefined;
  };
  calls: Array<{ behaviour: Behaviour; durationMs: number }>;
  steps: Array<{ waitMs: number; action: Action }>;
}

/**
 * `'contract'` draws every option and policy at random, each policy often absent; `'policies'` turns the
 * policies on (retry always, the others mostly) and draws more submits, more per-item and retryable failures.
 */
function scenarioArbitrary(focus: 'contract' | 'policies'): fc.Arbitrary<Scenario> {
  const onPolicies = focus === 'policies';
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, always = false) =>
    always ? arbitrary : fc.option(arbitrary, { nil: undefined, freq: onPolicies ? 4 : 2 });
  const behaviour = onPolicies
    ? fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...behaviours) },
      { weight: 3, arbitrary: fc.constant('itemErrors' as const) },
      { weight: 1, arbitrary: fc.constantFrom('throwRetryable' as const, 'rejectRetryable' as const) },
    )
    : fc.constantFrom(...behaviours);
  return fc.record({
    options: fc.record({
      maxSize: fc.integer({ min: 1, max: 6 }),
      maxDelayMs: fc.integer({ min: 0, max: 20 }),
      concurrency: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(Infinity)),
      maxQueueSize: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(Infinity)),
      onQueueFull: fc.constantFrom('reject' as const, 'wait' as const),
      timeoutMs: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }),
    }),
    policies: fc.record({
      weights: sometimes(fc.record({
        table: fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 7, max: 12 }) }),
          { minLength: 1, maxLength: 6 }),
        maxWeight: fc.integer({ min: 1, max: 10 }),
      })),
      partitions: sometimes(fc.integer({ min: 1, max: 4 })),
      dedupe: fc.boolean(),
      retry: sometimes(fc.record({
        count: fc.integer({ min: 1, max: 3 }),
        delayMs: fc.integer({ min: 0, max: 10 }),
        backoff: fc.constantFrom('exponential' as const, 'fixed' as const),
        jitter: fc.constantFrom(0, 0.5, 1),
        retryableOnly: fc.boolean(),
      }), onPolicies),
    }),
    calls: fc.array(fc.record({ behaviour, durationMs: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 12 }),
    steps: fc.array(
      fc.record({
        waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25 })),
        action: fc.oneof(
          { weight: onPolicies ? 16 : 8, arbitrary: fc.record({
            type: fc.constant('submit' as const),
            via: fc.constantFrom('promise' as const, 'observable' as const),
            withSignal: fc.boolean(),
            timeoutMs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
            sharedKey: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.constant(undefined) }),
            partitionPick: fc.nat(),
          }) },
          { weight: 2, arbitrary: fc.record({ type: fc.constant('abort' as const), pick: fc.nat() }) },
          { weight: 1, arbitrary: fc.record({ type: fc.constant('flush' as const) }) },
          { weight: 1, arbitrary: fc.record({
            type: fc.constant('close' as const),
            deadlineMs: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
          }) },
        ),
      }),
      { maxLength: 40, size: onPolicies ? 'medium' : 'small' },
    ),
  });
}

class BatchFailure extends Error {}
class ItemFailure extends Error {
  constructor(readonly key: number) { super(`item ${key} failed`); }
}
/** What `retry.when` accepts (with `retryableOnly`): a throttled batch, an unprocessed item. */
class RetryableBatchFailure extends BatchFailure {}
class RetryableItemFailure extends ItemFailure {}
class CallerLeft extends Error {
  constructor(readonly id: number) { super(`caller ${id} aborted`); }
}

/** What a batch function call returns when it returns at all: one result per request, or a `Map` by key. */
type Output = Array<number | Error> | Map<number, number>;

/** One batch function call as the backend saw it: what it was sent, and how it ended (once it has). */
interface Call {
  readonly sent: readonly Message[];
  end: { kind: 'output'; output: Output } | { kind: 'error'; error: unknown } | { kind: 'givenUp' } | undefined;
  endedAt: number | undefined;
}

/** What became of a request in one call, from the backend's side: whether it may be sent again depends on it. */
type Verdict = 'running' | 'ok' | 'itemRetryable' | 'itemFailed' | 'batchRetryable' | 'batchFailed' | 'malformed' | 'givenUp';

function verdictOf({ sent, end }: Call, message: Message): Verdict {
  if (end === undefined) return 'running';
  if (end.kind === 'givenUp') return 'givenUp';
  if (end.kind === 'error') return end.error instanceof RetryableBatchFailure ? 'batchRetryable' : 'batchFailed';
  const { output } = end;
  if (Array.isArray(output) && output.length !== sent.length) return 'malformed';
  if (!Array.isArray(output) && !output.has(message.key)) return 'malformed';
  const result = Array.isArray(output) ? output[sent.indexOf(message)] : output.get(message.key);
  if (result instanceof RetryableItemFailure) return 'itemRetryable';
  return result instanceof Error ? 'itemFailed' : 'ok';
}

/**
 * Whether the batcher may send a request again after it ended so in its last call: with `when`, only what `when`
 * accepts (the `Retryable` errors; not timeouts or malformed output); without it, whole-batch failures only.
 */
function mayBeSentAgain(verdict: Verdict, retry: RetryScenario | undefined): boolean {
  if (retry === undefined) return false;
  if (retry.retryableOnly) return verdict === 'itemRetryable' || verdict === 'batchRetryable';
  return verdict === 'batchRetryable' || verdict === 'batchFailed' || verdict === 'givenUp' || verdict === 'malformed';
}

const isRetryable = (error: unknown) => error instanceof RetryableBatchFailure || error instanceof RetryableItemFailure;

/** A batch function's per-item answers: some fail for good, some (depending on the call) only for now. */
const itemResult = (message: Message, callNumber: number): number | Error =>
  message.key % 5 === 0 ? new ItemFailure(message.key)
    : (message.key + callNumber) % 2 === 0 ? new RetryableItemFailure(message.key) : message.key * 10;

interface Tracked {
  id: number;
  message: Message;
  submittedAt: number;
  timeoutMs: number | undefined;
  controller: AbortController | undefined;
  abortedAt: number | undefined;
  dispatchedAt: number | undefined;
  /** It arrived at a full queue and waited for room (`onQueueFull: 'wait'`); its delay clock starts later. */
  waitedForRoom: boolean;
  /** It weighs more than `maxWeight`: `submit` must refuse it, and no call may see it. */
  tooHeavy: boolean;
  /** With `dedupe`, counted as sent when its key was, as another caller's request: it may still be queued. */
  sharedSend: boolean;
  /** The calls it was sent in (without `dedupe`, where the backend sees each request itself). */
  sends: Call[];
  outcomes: Array<{ kind: 'value'; value: unknown } | { kind: 'error'; reason: unknown } | { kind: 'complete' }>;
}

function batcherOptionsOf({ options, policies: { weights, partitions, dedupe, retry } }: Scenario) {
  const random = [0.1, 0.9, 0.5, 0];
  let draws = 0;
  return {
    ...options,
    key: (message: Message) => message.key,
    ...(weights === undefined ? {} : { weigh: (message: Message) => message.weight, maxWeight: weights.maxWeight }),
    ...(partitions === undefined ? {} : { partitionBy: (message: Message) => message.partition }),
    ...(dedupe ? { dedupe } : {}),
    ...(retry === undefined ? {} : {
      retry: {
        count: retry.count, delayMs: retry.delayMs, backoff: retry.backoff, jitter: retry.jitter,
        random: () => random[draws++ % random.length],
        ...(retry.retryableOnly ? { when: isRetryable } : {}),
      },
    }),
  };
}

async function runScenario(scenario: Scenario): Promise<void> {
  const { options, policies, calls, steps } = scenario;
  const now = () => Date.now();
  const requests: Tracked[] = [];
  const problems: string[] = [];
  const check = (ok: boolean, problem: () => string) => {
    if (!ok) problems.push(problem());
  };
  let running = 0;
  let callNumber = 0;
  /** How to count each running call as over, for when the batcher gives up on it at a `close` deadline. */
  const runningCalls = new Set<() => void>();
  /** A backend that ignores its signal may still be busy after the batcher gave up on it and closed. */
  const backendTimers = new Set<ReturnType<typeof setTimeout>>();
  const maxAttempts = 1 + (policies.retry?.count ?? 0);

  // A live request not yet handed to the batch function and not settled: queued, or waiting for room.
  const isPending = (request: Tracked) => request.dispatchedAt === undefined && request.outcomes.length === 0 && !request.tooHeavy;

  const checkBatch = (messages: Message[], context: BatchContext) => {
    check(messages.length >= 1, () => 'the batch function got an empty batch');
    check(messages.length <= options.maxSize, () => `a batch of ${messages.length} > maxSize ${options.maxSize}`);
    const keys = new Set(messages.map((message) => message.key));
    check(!policies.dedupe || keys.size === messages.length, () => `dedupe sent a key twice in one batch: ${JSON.stringify(messages)}`);
    if (policies.weights !== undefined) {
      const weight = messages.reduce((sum, message) => sum + message.weight, 0);
      check(weight <= policies.weights.maxWeight, () => `a batch weighs ${weight} > maxWeight ${policies.weights!.maxWeight}`);
    }
    if (policies.partitions === undefined) {
      check(context.partition === undefined, () => `context.partition is ${String(context.partition)} without partitionBy`);
    } else {
      check(messages.every((message) => message.partition === context.partition),
        () => `a batch for partition ${String(context.partition)} holds ${JSON.stringify(messages.map((m) => m.partition))}`);
    }
    check(context.attempt >= 1 && context.attempt <= maxAttempts, () => `context.attempt ${context.attempt} with ${maxAttempts} attempts at most`);
  };

  // Without dedupe the backend sees each request itself, so each one's sends can be followed.
  const recordSend = (message: Message, call: Call, time: number) => {
    const request = requests[message.id];
    const { id } = request;
    check(!request.tooHeavy, () => `request ${id} weighs ${message.weight} > maxWeight and still reached the batch function`);
    check(request.abortedAt === undefined, () => `request ${id} reached the batch function after its caller aborted`);
    check(request.outcomes.length === 0, () => `request ${id} was sent after its caller settled: ${JSON.stringify(request.outcomes)}`);
    check(request.timeoutMs === undefined || time - request.submittedAt <= request.timeoutMs,
      () => `request ${id} reached the batch function after its own timeout`);
    const last = request.sends.at(-1);
    if (last !== undefined) {
      const verdict = verdictOf(last, message);
      check(mayBeSentAgain(verdict, policies.retry), () => `request ${id} was sent again after '${verdict}' (retry ${JSON.stringify(policies.retry)})`);
    }
    check(request.sends.length < maxAttempts, () => `request ${id} sent ${request.sends.length + 1} times > ${maxAttempts} attempts`);
    request.sends.push(call);
    request.dispatchedAt ??= time;
  };

  /**
   * With dedupe the backend sees one request per key, one caller's: the others of that key and partition that were
   * in the batch share it, but which ones were is not visible from here. Each is counted as sent (`sharedSend`),
   * though it may still wait for a later batch of the same partition.
   */
  const recordSharedSend = (message: Message, time: number) => {
    const callers = requests.filter((r) => r.message.key === message.key && r.message.partition === message.partition && !r.tooHeavy);
    check(callers.some((r) => r.outcomes.length === 0), () => `key ${message.key} reached the batch function with no caller waiting`);
    for (const request of callers) {
      if (!isPending(request)) continue;
      request.dispatchedAt = time;
      request.sharedSend = request.id !== message.id;
    }
  };

  const batcher = createBatcher(
    (messages: Message[], context: BatchContext) => {
      const behaviourOfCall = calls[callNumber++ % calls.length];
      const time = now();
      const call: Call = { sent: [...messages], end: undefined, endedAt: undefined };
      checkBatch(messages, context);
      for (const message of messages) {
        if (policies.dedupe) recordSharedSend(message, time);
        else recordSend(message, call, time);
      }
      running++;
      check(running <= options.concurrency, () => `${running} calls at once > concurrency ${options.concurrency}`);

      const results = messages.map((message) => message.key * 10);
      const behaviour = behaviourOfCall.behaviour === 'never' && options.timeoutMs === undefined ? 'async' : behaviourOfCall.behaviour;
      // Counted from the batch function's side: a call is over when it returns, or when the batcher gives up on
      // it — at its `timeoutMs`, or a `close` deadline. Callers leaving (its signal aborting) do not end it.
      let finished = false;
      // Set up before the batcher arms its own timer for this call, so it runs first at the same instant.
      const givenUpAt = options.timeoutMs === undefined ? undefined : setTimeout(() => finish(), options.timeoutMs);
      const finish = (end: NonNullable<Call['end']> = { kind: 'givenUp' }) => {
        // An answer at the very instant the call is given up on still reaches the batcher: its timer runs later.
        if (call.end?.kind === 'givenUp' && call.endedAt === now()) call.end = end;
        if (finished) return;
        finished = true;
        call.end = end;
        call.endedAt = now();
        running--;
        runningCalls.delete(finish);
        clearTimeout(givenUpAt);
      };
      runningCalls.add(finish);
      const later = (produce: () => Output, honoursSignal = true): Promise<Output> =>
        new Promise<Output>((resolve, reject) => {
          const timer = setTimeout(() => {
            backendTimers.delete(timer);
            try {
              const output = produce();
              finish({ kind: 'output', output });
              resolve(output);
            } catch (error) {
              finish({ kind: 'error', error });
              reject(error);
            }
          }, behaviourOfCall.durationMs);
          backendTimers.add(timer);
          // Honour the signal as a real backend would: stop work nobody waits for, and return at once.
          if (honoursSignal) {
            context.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              backendTimers.delete(timer);
              finish({ kind: 'error', error: context.signal.reason });
              reject(context.signal.reason);
            });
          }
        });
      const fail = (error: Error) => {
        finish({ kind: 'error', error });
        throw error;
      };
      const thisCall = callNumber;

      switch (behaviour) {
        case 'sync': finish({ kind: 'output', output: results }); return results;
        case 'throw': return fail(new BatchFailure('the backend threw'));
        case 'throwRetryable': return fail(new RetryableBatchFailure('the backend is throttled'));
        case 'async': return later(() => results);
        case 'ignoresSignal': return later(() => results, false);
        case 'observable':
          return new Observable<number[]>((subscriber) => {
            const timer = setTimeout(() => {
              finish({ kind: 'output', output: results });
              subscriber.next(results);
              subscriber.error(new Error('ignored'));
            }, behaviourOfCall.durationMs);
            return () => clearTimeout(timer);
          });
        case 'reject': return later(() => { throw new BatchFailure('the backend rejected'); });
        case 'rejectRetryable': return later(() => { throw new RetryableBatchFailure('the backend is throttled'); });
        case 'itemErrors': return later(() => messages.map((message) => itemResult(message, thisCall)));
        case 'wrongLength': return later(() => results.slice(1));
        case 'mapWithHoles':
          return later(() => new Map(messages.filter((m) => m.key % 3 !== 0).map((m) => [m.key, m.key * 10] as const)));
        case 'never': return new Promise<number[]>(() => {});
      }
    },
    batcherOptionsOf(scenario),
  );

  let closePromise: Promise<void> | undefined;
  let closeResolved = false;
  let deadlineAt: number | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const giveUpOnRunningCalls = () => {
    for (const finish of [...runningCalls]) finish();
  };
  const close = (deadlineMs?: number) => {
    const closing = batcher.close(deadlineMs === undefined ? undefined : { deadlineMs });
    closePromise ??= closing.then(() => {
      closeResolved = true;
      // Resolving at the deadline, the batcher may come before this scenario's own deadline timer.
      if (deadlineAt !== undefined && now() >= deadlineAt) giveUpOnRunningCalls();
      clearTimeout(deadline);
    });
    if (deadlineMs !== undefined && deadlineAt === undefined && !closeResolved) {
      deadlineAt = now() + deadlineMs;
      // The batcher gives up on every call still running then (its own timer was armed first).
      deadline = setTimeout(giveUpOnRunningCalls, deadlineMs);
    }
  };

  // A whole batch waiting to try again keeps its slot through the backoff, with no call running; only the
  // batcher knows when its retry is due, so with `retry` its own count of taken slots is believed too.
  const allSlotsTaken = () =>
    running >= options.concurrency || (policies.retry !== undefined && batcher.stats.inFlight >= options.concurrency);

  const checkQueueAndDelay = () => {
    const pending = requests.filter(isPending);
    const { queued, waiting, inFlight, partitions } = batcher.stats;
    check(inFlight <= options.concurrency, () => `stats say ${inFlight} calls in flight > concurrency ${options.concurrency}`);
    const maybePending = requests.filter((r) => r.sharedSend && r.outcomes.length === 0).length;
    check(queued + waiting >= pending.length && queued + waiting <= pending.length + maybePending,
      () => `stats say ${queued} queued + ${waiting} waiting, but ${pending.length} are pending (and ${maybePending} may be)`);
    check(queued <= options.maxQueueSize, () => `${queued} requests queued > maxQueueSize ${options.maxQueueSize}`);
    check(waiting === 0 || queued >= options.maxQueueSize, () => `${waiting} wait for room while only ${queued} are queued`);
    check(partitions <= (policies.partitions ?? 1), () => `stats say ${partitions} partitions of ${policies.partitions ?? 1}`);
    if (options.onQueueFull === 'reject') {
      check(pending.length <= options.maxQueueSize, () => `${pending.length} pending > maxQueueSize ${options.maxQueueSize}`);
    }
    if (!allSlotsTaken()) {
      for (const request of pending.filter((r) => !r.waitedForRoom)) {
        check(now() - request.submittedAt <= options.maxDelayMs,
          () => `request ${request.id} waited ${now() - request.submittedAt} ms > maxDelayMs ${options.maxDelayMs} with a free slot`);
      }
    }
  };

  const checkDeadline = (request: Tracked) => {
    check(!isPending(request) || request.waitedForRoom || allSlotsTaken(),
      () => `request ${request.id} still queued ${options.maxDelayMs} ms after submit (maxDelayMs) with a free slot`);
  };

  const submit = (action: Extract<Action, { type: 'submit' }>) => {
    const id = requests.length;
    const key = policies.dedupe && action.sharedKey !== undefined ? -action.sharedKey : id;
    const weight = policies.weights === undefined ? 0 : policies.weights.table[Math.abs(key) % policies.weights.table.length];
    const message: Message = { id, key, weight, partition: action.partitionPick % (policies.partitions ?? 1) };
    const controller = action.withSignal ? new AbortController() : undefined;
    const request: Tracked = {
      id, message, submittedAt: now(), timeoutMs: action.timeoutMs, controller, abortedAt: undefined, dispatchedAt: undefined,
      waitedForRoom: false, sharedSend: false, tooHeavy: policies.weights !== undefined && weight > policies.weights.maxWeight, sends: [], outcomes: [],
    };
    const { waiting: waitingBefore, submitted: submittedBefore } = batcher.stats;
    requests.push(request);
    const submitOptions = { signal: controller?.signal, timeoutMs: action.timeoutMs };
    if (action.via === 'promise') {
      batcher.submit(message, submitOptions).then(
        (value) => request.outcomes.push({ kind: 'value', value }),
        (reason: unknown) => request.outcomes.push({ kind: 'error', reason }),
      );
    } else {
      batcher.submit$(message, submitOptions).subscribe({
        next: (value) => request.outcomes.push({ kind: 'value', value }),
        error: (reason: unknown) => request.outcomes.push({ kind: 'error', reason }),
        complete: () => request.outcomes.push({ kind: 'complete' }),
      });
    }
    check(!request.tooHeavy || batcher.stats.submitted === submittedBefore, () => `request ${id} weighs ${weight} > maxWeight and was accepted`);
    request.waitedForRoom = batcher.stats.waiting > waitingBefore;
    // Look again at the request's deadline, after the batcher's own timers due then (set up first) have run.
    setTimeout(() => checkDeadline(request), options.maxDelayMs);
  };

  for (const { waitMs, action } of steps) {
    await jest.advanceTimersByTimeAsync(waitMs);
    checkQueueAndDelay();
    if (action.type === 'submit') {
      submit(action);
    } else if (action.type === 'abort') {
      // Half the aborts go to callers still waiting (queued, in a call, or between attempts), half to any.
      const withSignals = requests.filter((r) => r.controller !== undefined && !r.controller.signal.aborted &&
        (action.pick % 2 === 1 || r.outcomes.length === 0));
      if (withSignals.length > 0) {
        const target = withSignals[Math.floor(action.pick / 2) % withSignals.length];
        if (target.dispatchedAt === undefined) target.abortedAt = now();
        target.controller!.abort(new CallerLeft(target.id));
      }
    } else if (action.type === 'flush') {
      batcher.flush();
    } else {
      close(action.deadlineMs);
    }
  }

  close();
  for (let i = 0; i < 100 && !closeResolved; i++) await jest.advanceTimersByTimeAsync(50);
  check(closeResolved, () => 'close() never resolved');
  await jest.advanceTimersByTimeAsync(options.maxDelayMs); // lets the last deadline checks run

  // After close(): nothing queued, nothing in flight, no partition, no timer left behind.
  const { waiting, queued, inFlight, partitions } = batcher.stats;
  check(waiting === 0 && queued === 0 && inFlight === 0 && partitions === 0, () => `after close: ${JSON.stringify(batcher.stats)}`);
  const timersLeft = jest.getTimerCount() - backendTimers.size;
  check(timersLeft === 0, () => `${timersLeft} timers left after close`);

  for (const request of requests) checkSettledOnce(request, check);
  const statsTotal = batcher.stats.resolved + batcher.stats.rejected;
  check(statsTotal === batcher.stats.submitted, () => `stats do not add up: ${JSON.stringify(batcher.stats)}`);

  if (problems.length > 0) throw new Error(problems.slice(0, 5).join('\n'));
}

/** Every request settles exactly once, with its own result or a typed error that is its own. */
function checkSettledOnce({ id, message, tooHeavy, outcomes }: Tracked, check: (ok: boolean, problem: () => string) => void): void {
  const settled = outcomes.filter((o) => o.kind !== 'complete');
  check(settled.length === 1, () => `request ${id} settled ${settled.length} times: ${JSON.stringify(outcomes)}`);
  const [outcome] = settled;
  if (outcome?.kind === 'value') {
    check(!tooHeavy, () => `request ${id} weighs more than maxWeight and still got a result`);
    check(outcome.value === message.key * 10, () => `request ${id} got ${String(outcome.value)}, not its own result`);
  } else if (outcome?.kind === 'error') {
    const reason = outcome.reason;
    const refusedAtSubmit = reason instanceof QueueFullError || reason instanceof BatcherClosedError;
    if (tooHeavy) {
      check(refusedAtSubmit || reason instanceof RangeError, () => `request ${id} weighs more than maxWeight and rejected with ${String(reason)}`);
      return;
    }
    const typed = refusedAtSubmit || reason instanceof TimeoutError || reason instanceof BatchResultError || reason instanceof BatchFailure ||
      (reason instanceof ItemFailure && reason.key === message.key) || (reason instanceof CallerLeft && reason.id === id);
    check(typed, () => `request ${id} rejected with an untyped or someone else's error: ${String(reason)}`);
  }
}

describe('properties: every request settles exactly once, within the bounds', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const numRuns = Number(process.env.PROPERTY_RUNS ?? 1000);
  const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
  const path = process.env.PROPERTY_PATH;
  const holds = (focus: 'contract' | 'policies') =>
    fc.assert(
      fc.asyncProperty(scenarioArbitrary(focus), async (scenario) => {
        jest.clearAllTimers();
        await runScenario(scenario);
      }),
      { numRuns, seed, path, endOnFailure: !!path },
    );

  it('holds for random options, policies, arrivals, faults, aborts, flushes and closes', () => holds('contract'), 600_000);

  it('holds with the policies on: weights past maxWeight, partitions, shared keys, retried batches and items', () => holds('policies'), 600_000);
});
