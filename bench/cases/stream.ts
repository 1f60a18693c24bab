import { from } from 'rxjs';
import { echoBatchFunction } from '../batch-functions.js';
import type { StreamBatcher } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import { timeOneRun } from '../harness/time-one-run.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { distinctRequests } from './distinct-requests.js';
import { throughputMetric } from './metrics.js';

/**
 * Case 6: a stream of items through each contender's stream form, to completion. `batchRequests` needs no
 * promise per item; the promise-facing peers get one `submit` per item (see `streamFromSubmitter`), and
 * `bufferCount` + `mergeMap` is the floor. Results are checked by count and sum, which holds whatever order
 * they come out in.
 */
export const streamCase: BenchmarkCase = {
  id: 'stream',
  title: 'stream',
  describe: (sizes) =>
    `from(${sizes.streamItems.toLocaleString('en-US')} items).pipe(<contender>) to completion; ` +
    `promise-facing peers get one submit per item, results emitted in input order once all settled`,
  metrics: [throughputMetric('itemsPerSecond', 'items/s')],
  ratioMetricKey: 'itemsPerSecond',
  appliesTo: () => true,
  async measure(contender, sizes) {
    const items = distinctRequests(sizes.streamItems);
    const expectedSum = items.reduce((sum, item) => sum + item, 0);
    let streamBatcher: StreamBatcher | undefined;
    let count = 0;
    let sum = 0;
    const durationMs = await timeOneRun(`stream/${contender.name}`, {
      setup: () => {
        streamBatcher = contender.createStream(echoBatchFunction, sizes.shape);
      },
      run: async () => {
        count = 0;
        sum = 0;
        const completed = new Promise<void>((resolve, reject) => {
          from(items)
            .pipe(streamBatcher!.operator)
            .subscribe({
              next: (result) => {
                count++;
                sum += result;
              },
              error: reject,
              complete: resolve,
            });
        });
        await settleWithin(completed, sizes.settleTimeoutMs, `stream/${contender.name}`);
      },
      teardown: () => streamBatcher?.close?.(),
    }, { cold: sizes.coldRuns });
    return {
      samples: { itemsPerSecond: [items.length / (durationMs / 1000)] },
      settled: sum === expectedSum ? count : 0,
      expected: items.length,
    };
  },
};
