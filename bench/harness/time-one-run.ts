import { Bench } from 'tinybench';
import { collectGarbage } from './garbage.js';

/** One timed run of a case: what to prepare, what to time, and what to check and release afterwards. */
export interface TimedRun {
  /** Makes the contender's batcher; outside the timed window. */
  setup(): void | Promise<void>;
  /** The work timed; runs several times on the same batcher (warm-up, then measured), so it must start from scratch. A property: tinybench calls it detached from this object. */
  run: () => Promise<void>;
  /** Releases the batcher; outside the timed window. */
  teardown(): void | Promise<void>;
}

/**
 * Untimed runs between the gc and the measured run. Measured here (`from(200,000).pipe(batchRequests(…))`, the
 * operator reused, a new subscription per run): with no gc at all a run went at 46–50M items/s; after a gc and
 * one warm-up run, 8–13M/s; after a gc and two, 46–50M/s again. The first run after a gc re-optimises; the
 * second meets new per-subscription callbacks, de-optimises once more, and settles.
 */
export const warmupRuns = 2;

/**
 * Times one run with tinybench, after untimed warm-up runs of the same work on the same batcher:
 * `setup`, a full gc, the warm-up runs, the measured run, `teardown`.
 *
 * The gc first, so one contender's garbage is not collected on the next one's time. The warm-up after it,
 * because a forced gc throws away optimised code and type feedback that point at objects it collected (V8
 * `--trace-deopt` reports "weak objects" for every contender's hot functions), and a run straight after it
 * measures how fast V8 re-optimises as much as the contender. On the same batcher, because a fresh one brings
 * fresh callbacks that the warm-up's optimised code does not expect. `--cold` (see bench/run.ts) times the
 * first run after the gc instead, as the first version of this harness did.
 *
 * One measured iteration per call on purpose: the runner alternates contenders between rounds, and on shared
 * noisy cores that matters more than repeating one contender back to back.
 *
 * @returns the measured run's duration in milliseconds
 */
export async function timeOneRun(name: string, timedRun: TimedRun, { cold = false } = {}): Promise<number> {
  const bench = new Bench({ name, iterations: 1, time: 0, warmup: !cold, warmupIterations: warmupRuns, warmupTime: 0, throws: true });
  bench.add(name, timedRun.run, {
    // Declared, because tinybench would otherwise call the function once more to find out.
    async: true,
    beforeAll: async (mode) => {
      if (mode === 'warmup' || cold) {
        await timedRun.setup();
        collectGarbage();
      }
    },
    afterAll: (mode) => (mode === 'run' ? timedRun.teardown() : undefined),
  });
  const [task] = await bench.run();
  const result = task.result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') throw new Error(`tinybench left "${name}" in state ${result.state}`);
  return result.latency.mean;
}
