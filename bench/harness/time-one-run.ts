import { Bench } from 'tinybench';
import { collectGarbage } from './garbage.js';

/** One timed run of a case: what to prepare, what to time, and what to check and release afterwards. */
export interface TimedRun {
  setup(): void | Promise<void>;
  run(): Promise<void>;
  teardown(): void | Promise<void>;
}

/**
 * Times one run with tinybench; `setup` and `teardown` stay outside the timed window, and a full gc runs
 * right before it. One iteration per call on purpose: the runner alternates contenders between rounds, and
 * on shared noisy cores that matters more than repeating one contender back to back.
 *
 * @returns the run's duration in milliseconds
 */
export async function timeOneRun(name: string, timedRun: TimedRun): Promise<number> {
  const bench = new Bench({ name, iterations: 1, time: 0, warmup: false, throws: true });
  bench.add(name, timedRun.run, {
    // Declared, because tinybench would otherwise call the function once more to find out.
    async: true,
    beforeEach: async () => {
      await timedRun.setup();
      collectGarbage();
    },
    afterEach: () => timedRun.teardown(),
  });
  const [task] = await bench.run();
  const result = task.result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') throw new Error(`tinybench left "${name}" in state ${result.state}`);
  return result.latency.mean;
}
