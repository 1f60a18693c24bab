import { createTimedEcho } from '../batch-functions.js';
import { isPromiseFacing } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { millisecondsPercentileMetric, shareMetric } from './metrics.js';

/**
 * Case 4: one request at a time, so every batch is dispatched by its timer. The wait runs from `submit` to the
 * moment the batch function is called, both read with `performance.now()`; a good batcher waits `maxDelayMs`,
 * never less and not much more. DataLoader has no time window and dispatches at the end of the tick.
 */
export const loneRequestLatencyCase: BenchmarkCase = {
  id: 'lone-request-latency',
  title: 'lone request latency',
  describe: (sizes) =>
    `one request at a time with maxDelayMs ${sizes.shape.maxDelayMs}: ms from submit to the batch function ` +
    `call, ${sizes.loneRequestsPerRound * sizes.rounds} requests pooled over the rounds`,
  metrics: [
    millisecondsPercentileMetric('waitMs', 0, 'min ms'),
    millisecondsPercentileMetric('waitMs', 50, 'p50 ms'),
    millisecondsPercentileMetric('waitMs', 99, 'p99 ms'),
    millisecondsPercentileMetric('waitMs', 100, 'max ms'),
    shareMetric('early', `early (< maxDelayMs)`, 'lower'),
  ],
  appliesTo: isPromiseFacing,
  async measure(contender, sizes) {
    if (!isPromiseFacing(contender)) throw new Error(`${contender.name} has no promise-facing form`);
    let calledAt = Number.NaN;
    const submitter = contender.createSubmitter(
      createTimedEcho((at) => {
        calledAt = at;
      }),
      sizes.shape,
    );
    const waits: number[] = [];
    let settled = 0;
    for (let request = 0; request < sizes.loneRequestsPerRound; request++) {
      const submittedAt = performance.now();
      const result = await settleWithin(submitter.submit(request), sizes.settleTimeoutMs, `lone/${contender.name}`);
      waits.push(calledAt - submittedAt);
      if (result === request) settled++;
    }
    await submitter.close?.();
    return {
      samples: { waitMs: waits, early: waits.map((wait) => (wait < sizes.shape.maxDelayMs ? 1 : 0)) },
      settled,
      expected: sizes.loneRequestsPerRound,
    };
  },
};
