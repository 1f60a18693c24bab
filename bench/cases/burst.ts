import { echoBatchFunction } from '../batch-functions.js';
import { isPromiseFacing, type Submitter } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import { timeOneRun } from '../harness/time-one-run.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { countEchoed, distinctRequests } from './distinct-requests.js';
import { throughputMetric } from './metrics.js';

/** Case 1: everything submitted in one synchronous loop, then awaited together. Pure per-request overhead. */
export const burstCase: BenchmarkCase = {
  id: 'burst',
  title: 'burst',
  describe: (sizes) =>
    `${sizes.burstRequests.toLocaleString('en-US')} submits issued synchronously, then awaited with Promise.all`,
  metrics: [throughputMetric('requestsPerSecond', 'requests/s')],
  ratioMetricKey: 'requestsPerSecond',
  appliesTo: isPromiseFacing,
  async measure(contender, sizes) {
    if (!isPromiseFacing(contender)) throw new Error(`${contender.name} has no promise-facing form`);
    const requests = distinctRequests(sizes.burstRequests);
    let submitter: Submitter | undefined;
    let results: number[] = [];
    const durationMs = await timeOneRun(`burst/${contender.name}`, {
      setup: () => {
        submitter = contender.createSubmitter(echoBatchFunction, sizes.shape);
      },
      run: async () => {
        const pending = requests.map((request) => submitter!.submit(request));
        results = await settleWithin(Promise.all(pending), sizes.settleTimeoutMs, `burst/${contender.name}`);
      },
      teardown: () => submitter?.close?.(),
    }, { cold: sizes.coldRuns });
    return {
      samples: { requestsPerSecond: [requests.length / (durationMs / 1000)] },
      settled: countEchoed(requests, results),
      expected: requests.length,
    };
  },
};
