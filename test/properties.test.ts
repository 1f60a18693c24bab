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
} from '../src/index.js';

const behaviours = ['sync', 'async', 'observable', 'throw', 'reject', 'itemErrors', 'wrongLength', 'mapWithHoles', 'never'] as const;
type Behaviour = (typeof behaviours)[number];

type Action =
  | { type: 'submit'; via: 'promise' | 'observable'; withSignal: boolean; timeoutMs: number | undefined }
  | { type: 'abort'; pick: number }
  | { type: 'flush' }
  | { type: 'close' };

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
        { weight: 1, arbitrary: fc.record({ type: fc.constant('close' as const) }) },
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
      const finish = () => { running--; };
      // The call's slot is free again when its output arrives, or when the batcher gives up on it (a timeout,
      // or every caller left) and aborts its signal.
      let finished = false;
      const finishOnce = () => { if (!finished) { finished = true; finish(); } };
      context.signal.addEventListener('abort', finishOnce);
      const later = <T>(produce: () => T): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const timer = setTimeout(() => {
            finishOnce();
            try { resolve(produce()); } catch (error) { reject(error); }
          }, call.durationMs);
          // Honour the signal as a real backend would: stop work nobody waits for.
          context.signal.addEventListener('abort', () => clearTimeout(timer));
        });

      switch (behaviour) {
        case 'sync': finishOnce(); return results;
        case 'throw': finishOnce(); throw new BatchFailure('the backend threw');
        case 'async': return later(() => results);
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
  const close = () => {
    closePromise ??= batcher.close().then(() => { closeResolved = true; });
  };

  const checkQueueAndDelay = () => {
    const pending = requests.filter(isPending);
    const { queued, waiting } = batcher.stats;
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
      close();
    }
  }

  close();
  for (let i = 0; i < 100 && !closeResolved; i++) await jest.advanceTimersByTimeAsync(50);
  check(closeResolved, () => 'close() never resolved');
  await jest.advanceTimersByTimeAsync(options.maxDelayMs); // lets the last deadline checks run

  // After close(): nothing queued, nothing in flight, no timer left behind.
  const { waiting, queued, inFlight } = batcher.stats;
  check(waiting === 0 && queued === 0 && inFlight === 0, () => `after close: ${JSON.stringify(batcher.stats)}`);
  check(jest.getTimerCount() === 0, () => `${jest.getTimerCount()} timers left after close`);

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
