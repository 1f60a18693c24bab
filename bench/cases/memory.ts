import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { createHeldEcho } from '../batch-functions.js';
import { isPromiseFacing } from '../contenders/contender.js';
import { collectGarbage } from '../harness/garbage.js';
import { settleWithin } from '../harness/settle-within.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { countEchoed, distinctRequests } from './distinct-requests.js';
import { bytesMetric } from './metrics.js';

/**
 * Case 3: the heap a batcher holds per request it has accepted and not yet answered. The batch function
 * holds its answers, so every request is pending when the heap is read; the callers' promises are counted,
 * since a caller cannot do without them, but the array holding them was allocated before the baseline.
 */
export const memoryCase: BenchmarkCase = {
  id: 'memory',
  title: 'memory',
  describe: (sizes) =>
    `heap bytes per pending request with ${sizes.memoryPendingRequests.toLocaleString('en-US')} pending ` +
    `(dispatched in batches of ${sizes.shape.maxSize}, answers held back; heap read after gc)`,
  metrics: [bytesMetric('bytesPerPendingRequest', 'bytes/request')],
  ratioMetricKey: 'bytesPerPendingRequest',
  appliesTo: isPromiseFacing,
  async measure(contender, sizes) {
    if (!isPromiseFacing(contender)) throw new Error(`${contender.name} has no promise-facing form`);
    const requests = distinctRequests(sizes.memoryPendingRequests);
    const pending = new Array<Promise<number> | undefined>(requests.length).fill(undefined);
    const heldEcho = createHeldEcho();
    const submitter = contender.createSubmitter(heldEcho.batchFunction, sizes.shape);

    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let index = 0; index < requests.length; index++) pending[index] = submitter.submit(requests[index]);
    // DataLoader dispatches at the end of the tick; after one macrotask every contender has dispatched.
    await nextMacrotask();
    collectGarbage();
    const heapWithPending = process.memoryUsage().heapUsed;

    heldEcho.release();
    // The loop above filled every slot.
    const results = await settleWithin(Promise.all(pending as Array<Promise<number>>), sizes.settleTimeoutMs, `memory/${contender.name}`);
    await submitter.close?.();
    return {
      samples: { bytesPerPendingRequest: [(heapWithPending - heapBefore) / requests.length] },
      settled: countEchoed(requests, results),
      expected: requests.length,
    };
  },
};
