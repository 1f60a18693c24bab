import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createTimedEcho } from '../batch-functions.js';
import { isPromiseFacing } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { countEchoed, distinctRequests } from './distinct-requests.js';
import { meanMetric, millisecondsPercentileMetric, shareMetric } from './metrics.js';

/**
 * Case 5: `maxSize` requests submitted at once must reach the batch function without waiting for the timer.
 * Each batch call is classed by when it came: inside the `submit` that filled the batch (the design's
 * promise), later in the same tick (before the next macrotask), or after that. The wait runs from just before
 * the filling `submit` to the batch function call.
 */
export const fullBatchLatencyCase: BenchmarkCase = {
  id: 'full-batch-latency',
  title: 'full batch latency',
  describe: (sizes) =>
    `${sizes.shape.maxSize} requests submitted at once: ms from the filling submit to the batch function call, ` +
    `${sizes.fullBatchesPerRound * sizes.rounds} batches pooled over the rounds`,
  metrics: [
    millisecondsPercentileMetric('waitMs', 50, 'p50 ms'),
    millisecondsPercentileMetric('waitMs', 99, 'p99 ms'),
    shareMetric('inSubmitCall', 'in the submit call', 'higher'),
    shareMetric('inSameTick', 'in the same tick', 'higher'),
    meanMetric('batchCalls', 'calls per batch', 'lower'),
  ],
  appliesTo: isPromiseFacing,
  async measure(contender, sizes) {
    if (!isPromiseFacing(contender)) throw new Error(`${contender.name} has no promise-facing form`);
    let submitting = false;
    // One object per batch, so a late macrotask from an earlier batch cannot mark a later one.
    let currentTick = { ended: false };
    const calls: Array<{ calledAt: number; inSubmitCall: boolean; inSameTick: boolean }> = [];
    const submitter = contender.createSubmitter(
      createTimedEcho((calledAt) => calls.push({ calledAt, inSubmitCall: submitting, inSameTick: !currentTick.ended })),
      sizes.shape,
    );
    const samples = { waitMs: [] as number[], inSubmitCall: [] as number[], inSameTick: [] as number[], batchCalls: [] as number[] };
    let settled = 0;
    for (let batch = 0; batch < sizes.fullBatchesPerRound; batch++) {
      const requests = distinctRequests(sizes.shape.maxSize, batch * sizes.shape.maxSize);
      calls.length = 0;
      const tick = { ended: false };
      currentTick = tick;
      submitting = true;
      const pending = requests.slice(0, -1).map((request) => submitter.submit(request));
      const filledAt = performance.now();
      pending.push(submitter.submit(requests[requests.length - 1]));
      submitting = false;
      void nextMacrotask().then(() => {
        tick.ended = true;
      });
      const results = await settleWithin(Promise.all(pending), sizes.settleTimeoutMs, `full-batch/${contender.name}`);
      settled += countEchoed(requests, results);
      const [first] = calls;
      if (first === undefined) throw new Error(`${contender.name} settled a full batch without calling the batch function`);
      samples.waitMs.push(first.calledAt - filledAt);
      samples.inSubmitCall.push(first.inSubmitCall ? 1 : 0);
      samples.inSameTick.push(first.inSameTick ? 1 : 0);
      samples.batchCalls.push(calls.length);
    }
    await submitter.close?.();
    return { samples, settled, expected: sizes.fullBatchesPerRound * sizes.shape.maxSize };
  },
};
