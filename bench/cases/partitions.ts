import type { Contender, NumberBatchFunction, Submitter } from '../contenders/contender.js';
import { settleWithin } from '../harness/settle-within.js';
import { timeOneRun } from '../harness/time-one-run.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { countEchoed, distinctRequests } from './distinct-requests.js';
import { countMetric, meanMetric, throughputMetric } from './metrics.js';
import { randomPartitionKeys } from './partition-keys.js';

type PartitionedContender = Contender & Required<Pick<Contender, 'createPartitionedSubmitter'>>;

const hasPartitionedSubmitter = (contender: Contender): contender is PartitionedContender =>
  contender.createPartitionedSubmitter !== undefined;

/** What the batch calls of one run held. */
interface BatchCount {
  calls: number;
  items: number;
  /** Calls whose requests came from more than one partition; each one fails the run. */
  mixed: number;
}

/** The echo, counting calls and items and checking that each call holds one partition's requests. */
function countingPartitionEcho(partitionOf: (request: number) => string, count: BatchCount): NumberBatchFunction {
  return (requests) => {
    count.calls++;
    count.items += requests.length;
    const partition = partitionOf(requests[0]);
    for (let index = 1; index < requests.length; index++) {
      if (partitionOf(requests[index]) !== partition) {
        count.mixed++;
        break;
      }
    }
    return Promise.resolve(requests.slice());
  };
}

/**
 * Issue 11: the burst's shape with one batch per partition, as a per-queue or per-table writer needs. Each
 * request belongs to one of many partitions (seeded random, so the spread is uneven and some batches wait for
 * their partition's timer). Peers without partitions run what their users write by hand; the others sit it out.
 */
export const partitionsCase: BenchmarkCase = {
  id: 'partitions',
  title: 'partitions',
  describe: (sizes) =>
    `${sizes.partitions.requests.toLocaleString('en-US')} submits spread at random (seeded) over ` +
    `${sizes.partitions.keys.toLocaleString('en-US')} partition keys, issued synchronously, then awaited with ` +
    'Promise.all; rx-batcher: createBatcher(fn, { maxSize, maxDelayMs, partitionBy }); dataloader: a DataLoader ' +
    'per key, in a Map, made on first use',
  metrics: [
    throughputMetric('requestsPerSecond', 'requests/s'),
    meanMetric('itemsPerBatchCall', 'mean batch size', 'higher'),
    countMetric('batchCalls', 'batch calls', 'lower'),
  ],
  ratioMetricKey: 'requestsPerSecond',
  appliesTo: hasPartitionedSubmitter,
  async measure(contender, sizes) {
    if (!hasPartitionedSubmitter(contender)) throw new Error(`${contender.name} has no partitioned form`);
    const requests = distinctRequests(sizes.partitions.requests);
    const partitionOfRequest = randomPartitionKeys(requests.length, sizes.partitions.keys);
    const partitionBy = (request: number) => partitionOfRequest[request];
    const count: BatchCount = { calls: 0, items: 0, mixed: 0 };
    const batchFunction = countingPartitionEcho(partitionBy, count);
    let submitter: Submitter | undefined;
    let results: number[] = [];
    const durationMs = await timeOneRun(`partitions/${contender.name}`, {
      setup: () => {
        submitter = contender.createPartitionedSubmitter(batchFunction, { ...sizes.shape, partitionBy });
      },
      run: async () => {
        // Counted afresh each run, so what is reported is the measured run's batches.
        Object.assign(count, { calls: 0, items: 0, mixed: 0 });
        const pending = requests.map((request) => submitter!.submit(request));
        results = await settleWithin(Promise.all(pending), sizes.settleTimeoutMs, `partitions/${contender.name}`);
      },
      teardown: () => submitter?.close?.(),
    }, { cold: sizes.coldRuns });
    return {
      samples: {
        requestsPerSecond: [requests.length / (durationMs / 1000)],
        itemsPerBatchCall: [count.items / count.calls],
        batchCalls: [count.calls],
      },
      settled: countEchoed(requests, results),
      expected: requests.length,
      problems:
        count.mixed === 0 ? [] : [`${count.mixed} of ${count.calls} batch calls mixed requests of different partitions`],
    };
  },
};
