import { echoBatchFunction } from '../batch-functions.js';
import { isPromiseFacing, type Submitter } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import { timeOneRun } from '../harness/time-one-run.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { throughputMetric } from './metrics.js';

/**
 * Case 2: a fixed number of callers, each awaiting its result before submitting again, like request handlers
 * of a busy server. Measures the whole round trip, resolution included, under steady load.
 */
export const closedLoopCase: BenchmarkCase = {
  id: 'closed-loop',
  title: 'closed loop',
  describe: (sizes) =>
    `${sizes.closedLoopCallers.toLocaleString('en-US')} concurrent callers, each awaiting its result before ` +
    `submitting again, ${sizes.closedLoopRequests.toLocaleString('en-US')} requests in all`,
  metrics: [throughputMetric('requestsPerSecond', 'requests/s')],
  ratioMetricKey: 'requestsPerSecond',
  appliesTo: isPromiseFacing,
  async measure(contender, sizes) {
    if (!isPromiseFacing(contender)) throw new Error(`${contender.name} has no promise-facing form`);
    let submitter: Submitter | undefined;
    let issued = 0;
    let echoed = 0;
    const callUntilAllIssued = async () => {
      while (issued < sizes.closedLoopRequests) {
        const request = issued++;
        if ((await submitter!.submit(request)) === request) echoed++;
      }
    };
    const durationMs = await timeOneRun(`closed-loop/${contender.name}`, {
      setup: () => {
        submitter = contender.createSubmitter(echoBatchFunction, sizes.shape);
      },
      run: async () => {
        issued = 0;
        echoed = 0;
        const callers = Array.from({ length: sizes.closedLoopCallers }, () => callUntilAllIssued());
        await settleWithin(Promise.all(callers), sizes.settleTimeoutMs, `closed-loop/${contender.name}`);
      },
      teardown: () => submitter?.close?.(),
    }, { cold: sizes.coldRuns });
    return {
      samples: { requestsPerSecond: [sizes.closedLoopRequests / (durationMs / 1000)] },
      settled: echoed,
      expected: sizes.closedLoopRequests,
    };
  },
};
