/**
 * Property-based tests of the contract: thousands of random scenarios — options, arrival times, batch functions
 * that succeed, throw, reject, return per-item errors, the wrong length, a Map with holes, or never settle —
 * with aborts, timeouts, flush() and close() at random moments, all in virtual time (jest fake timers).
 *
 * Runs PROPERTY_RUNS scenarios (default 1,000; set more for a nightly run). On failure fast-check prints the
 * seed and path; replay with PROPERTY_SEED=<seed> PROPERTY_PATH=<path>.
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
] as const;
type Behaviour = (typeof behaviours)[number];

type Action =
  | { type: 'submit'; via: 'promise' | 'observable'; withSignal: boolean; timeoutMs: number | undefined }
  | { type: 'abort'; pick: number }
  | { type: 'flush' }
  | { type: 'close'; deadlineMs: number | undefined };

interface Scenario {
  options: {
    maxSize: number; maxDelayMs: number; concurrency: number; maxQueueSize: number; onQueueFull: 'reject' | 'wait';
    timeoutMs: number | undefined;
  };
  calls: Array<{ behaviour: Behaviour; durationMs: number }>;
  steps: Array<{ waitMs: number; action: Action }>;
}

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc.record({
  options: fc.record({
    maxSize: fc.integer({ min: 1, max: 6 }),
    maxDelayMs: fc.integer({ min: 0, max: 20 }),
    concurrency: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(Infinity)),
    maxQueueSize: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(Infinity)),
    onQueueFull: fc.constantFrom('reject' as const, 'wait' as const),
    timeoutMs: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }),
  }),
  calls: fc.array(fc.record({ behaviour: fc.constantFrom(...behaviours), durationMs: fc.integer({ min: 0, max: 30 }) }), {
    minLength: 1,
    maxLength: 12,
  }),
  steps: fc.array(
    fc.record({
      waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25 })),
      action: fc.oneof(
        { weight: 8, arbitrary: fc.record({
          type: fc.constant('submit' as const),
          via: fc.constantFrom('promise' as const, 'observable' as const),
          withSignal: fc.boolean(),
          timeoutMs: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        }) },
        { weight: 2, arbitrary: fc.record({ type: fc.constant('abort' as const), pick: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ type: fc.constant('flush' as const) }) },
        { weight: 1, arbitrary: fc.record({
          type: fc.constant('close' as const),
          deadlineMs: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        }) },
      ),
    }),
    { maxLength: 40 },
  ),
});

class BatchFailure extends Error {}
class ItemFailure extends Error {
  constructor(readonly id: number) { super(`item ${id} failed`); }
}
class CallerLeft extends Error {
  constructor(readonly id: number) { super(`caller ${id} aborted`); }
}

interface Tracked {
  id: number;
  submittedAt: number;
  timeoutMs: number | undefined;
  controller: AbortController | undefined;
  abortedAt: number | undefined;
  dispatchedAt: number | undefined;
  /** It arrived at a full queue and waited for room (`onQueueFull: 'wait'`); its delay clock starts later. */
  waitedForRoom: boolean;
  outcomes: Array<{ kind: 'value'; value: unknown } | { kind: 'error'; reason: unknown } | { kind: 'complete' }>;
}

async function runScenario({ options, calls, steps }: Scenario): Promise<void> {
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

  // A live request not yet handed to the batch function and not settled: queued, or waiting for room.
  const isPending = (request: Tracked) => request.dispatchedAt === undefined && request.outcomes.length === 0;

  const batcher = createBatcher(
    (ids: number[], context: BatchContext) => {
      const call = calls[callNumber++ % calls.length];
      const time = now();
      check(ids.length >= 1, () => 'the batch function got an empty batch');
      check(ids.length <= options.maxSize, () => `a batch of ${ids.length} > maxSize ${options.maxSize}`);
      for (const id of ids) {
        const request = requests[id];
        check(request.dispatchedAt === undefined, () => `request ${id} was dispatched twice`);
        check(request.abortedAt === undefined, () => `request ${id} reached the batch function after its caller aborted`);
        check(request.timeoutMs === undefined || time - request.submittedAt <= request.timeoutMs,
          () => `request ${id} reached the batch function after its own timeout`);
        request.dispatchedAt = time;
      }
      running++;
      check(running <= options.concurrency, () => `${running} calls at once > concurrency ${options.concurrency}`);

      const results = ids.map((id) => id * 10);
      const behaviour = call.behaviour === 'never' && options.timeoutMs === undefined ? 'async' : call.behaviour;
      // Counted from the batch function's side: a call is over when it returns, or when the batcher gives up on
      // it — at its `timeoutMs`, or a `close` deadline. Callers leaving (its signal aborting) do not end it.
      let finished = false;
      // Set up before the batcher arms its own timer for this call, so it runs first at the same instant.
      const givenUpAt = options.timeoutMs === undefined ? undefined : setTimeout(() => finishOnce(), options.timeoutMs);
      const finishOnce = () => {
        if (finished) return;
        finished = true;
        running--;
        runningCalls.delete(finishOnce);
        clearTimeout(givenUpAt);
      };
      runningCalls.add(finishOnce);
      const later = <T>(produce: () => T, honoursSignal = true): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const timer = setTimeout(() => {
            backendTimers.delete(timer);
            finishOnce();
            try { resolve(produce()); } catch (error) { reject(error); }
          }, call.durationMs);
          backendTimers.add(timer);
          // Honour the signal as a real backend would: stop work nobody waits for, and return at once.
          if (honoursSignal) {
            context.signal.addEventListener('abort', () => {
              clearTimeout(timer);
              backendTimers.delete(timer);
              finishOnce();
              reject(context.signal.reason);
            });
          }
        });

      switch (behaviour) {
        case 'sync': finishOnce(); return results;
        case 'throw': finishOnce(); throw new BatchFailure('the backend threw');
        case 'async': return later(() => results);
        case 'ignoresSignal': return later(() => results, false);
        case 'observable':
          return new Observable<number[]>((subscriber) => {
            const timer = setTimeout(() => { finishOnce(); subscriber.next(results); subscriber.error(new Error('ignored')); }, call.durationMs);
            return () => clearTimeout(timer);
          });
        case 'reject': return later((): number[] => { throw new BatchFailure('the backend rejected'); });
        case 'itemErrors': return later(() => ids.map((id) => (id % 2 === 0 ? new ItemFailure(id) : id * 10)));
        case 'wrongLength': return later(() => results.slice(1));
        case 'mapWithHoles': return later(() => new Map(ids.filter((id) => id % 3 !== 0).map((id) => [id, id * 10])));
        case 'never': return new Promise<number[]>(() => {});
      }
    },
    options,
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

  const checkQueueAndDelay = () => {
    const pending = requests.filter(isPending);
    const { queued, waiting, inFlight } = batcher.stats;
    check(inFlight <= options.concurrency, () => `stats say ${inFlight} calls in flight > concurrency ${options.concurrency}`);
    check(queued + waiting === pending.length, () => `stats say ${queued} queued + ${waiting} waiting, but ${pending.length} are pending`);
    check(queued <= options.maxQueueSize, () => `${queued} requests queued > maxQueueSize ${options.maxQueueSize}`);
    check(waiting === 0 || queued >= options.maxQueueSize, () => `${waiting} wait for room while only ${queued} are queued`);
    if (options.onQueueFull === 'reject') {
      check(pending.length <= options.maxQueueSize, () => `${pending.length} pending > maxQueueSize ${options.maxQueueSize}`);
    }
    if (running < options.concurrency) {
      for (const request of pending.filter((r) => !r.waitedForRoom)) {
        check(now() - request.submittedAt <= options.maxDelayMs,
          () => `request ${request.id} waited ${now() - request.submittedAt} ms > maxDelayMs ${options.maxDelayMs} with a free slot`);
      }
    }
  };

  const checkDeadline = (request: Tracked) => {
    check(!isPending(request) || request.waitedForRoom || running >= options.concurrency,
      () => `request ${request.id} still queued ${options.maxDelayMs} ms after submit (maxDelayMs) with a free slot`);
  };

  for (const { waitMs, action } of steps) {
    await jest.advanceTimersByTimeAsync(waitMs);
    checkQueueAndDelay();
    if (action.type === 'submit') {
      const id = requests.length;
      const controller = action.withSignal ? new AbortController() : undefined;
      const request: Tracked = {
        id, submittedAt: now(), timeoutMs: action.timeoutMs, controller, abortedAt: undefined, dispatchedAt: undefined,
        waitedForRoom: false, outcomes: [],
      };
      const waitingBefore = batcher.stats.waiting;
      requests.push(request);
      const submitOptions = { signal: controller?.signal, timeoutMs: action.timeoutMs };
      if (action.via === 'promise') {
        batcher.submit(id, submitOptions).then(
          (value) => request.outcomes.push({ kind: 'value', value }),
          (reason: unknown) => request.outcomes.push({ kind: 'error', reason }),
        );
      } else {
        batcher.submit$(id, submitOptions).subscribe({
          next: (value) => request.outcomes.push({ kind: 'value', value }),
          error: (reason: unknown) => request.outcomes.push({ kind: 'error', reason }),
          complete: () => request.outcomes.push({ kind: 'complete' }),
        });
      }
      request.waitedForRoom = batcher.stats.waiting > waitingBefore;
      // Look again at the request's deadline, after the batcher's own timers due then (set up first) have run.
      setTimeout(() => checkDeadline(request), options.maxDelayMs);
    } else if (action.type === 'abort') {
      const withSignals = requests.filter((r) => r.controller !== undefined && !r.controller.signal.aborted);
      if (withSignals.length > 0) {
        const target = withSignals[action.pick % withSignals.length];
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

  // After close(): nothing queued, nothing in flight, no timer left behind.
  const { waiting, queued, inFlight } = batcher.stats;
  check(waiting === 0 && queued === 0 && inFlight === 0, () => `after close: ${JSON.stringify(batcher.stats)}`);
  const timersLeft = jest.getTimerCount() - backendTimers.size;
  check(timersLeft === 0, () => `${timersLeft} timers left after close`);

  for (const request of requests) {
    const { id, outcomes } = request;
    const settled = outcomes.filter((o) => o.kind !== 'complete');
    check(settled.length === 1, () => `request ${id} settled ${settled.length} times: ${JSON.stringify(outcomes)}`);
    const [outcome] = settled;
    if (outcome?.kind === 'value') {
      check(outcome.value === id * 10, () => `request ${id} got ${String(outcome.value)}, not its own result`);
    } else if (outcome?.kind === 'error') {
      const reason = outcome.reason;
      const typed =
        reason instanceof QueueFullError || reason instanceof BatcherClosedError || reason instanceof TimeoutError ||
        reason instanceof BatchResultError || reason instanceof BatchFailure ||
        (reason instanceof ItemFailure && reason.id === id) || (reason instanceof CallerLeft && reason.id === id);
      check(typed, () => `request ${id} rejected with an untyped or someone else's error: ${String(reason)}`);
    }
  }
  const statsTotal = batcher.stats.resolved + batcher.stats.rejected;
  check(statsTotal === batcher.stats.submitted, () => `stats do not add up: ${JSON.stringify(batcher.stats)}`);

  if (problems.length > 0) throw new Error(problems.slice(0, 5).join('\n'));
}

describe('properties: every request settles exactly once, within the bounds', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('holds for random options, arrivals, faults, aborts, flushes and closes', async () => {
    const numRuns = Number(process.env.PROPERTY_RUNS ?? 1000);
    const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
    const path = process.env.PROPERTY_PATH;
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        jest.clearAllTimers();
        await runScenario(scenario);
      }),
      { numRuns, seed, path, endOnFailure: !!path },
    );
  }, 600_000);
});
