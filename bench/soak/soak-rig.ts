import { createBatcher, type BatcherStats } from '../../src/index.js';
import { createFlakyBatchFunction, type FlakyBatchCounts } from './flaky-batch-function.js';
import { pumpRequests } from './pump-requests.js';
import { seededRandom } from './seeded-random.js';
import { SettlementLedger } from './settlement-ledger.js';
import type { SoakOptions } from './soak-options.js';

/** Everything one soak pass keeps besides the batcher, made before the heap baseline is read. */
export interface SoakRig {
  readonly options: SoakOptions;
  readonly ledger: SettlementLedger;
  readonly random: () => number;
  readonly batchCounts: FlakyBatchCounts;
  readonly batchFunction: ReturnType<typeof createFlakyBatchFunction>['batchFunction'];
}

/** What one pass came to. */
export interface SoakPass {
  readonly stats: BatcherStats;
  readonly durationMs: number;
}

export function prepareSoak(options: SoakOptions): SoakRig {
  const ledger = new SettlementLedger(options.requests);
  const random = seededRandom(options.seed);
  const { batchFunction, counts } = createFlakyBatchFunction(random, ledger);
  return { options, ledger, random, batchCounts: counts, batchFunction };
}

/**
 * Creates a batcher, pushes the rig's requests through it and closes it.
 *
 * @param onProgress Called a few times a second with the number of requests settled.
 */
export async function runSoak(rig: SoakRig, onProgress: (settled: number) => void): Promise<SoakPass> {
  const { options, ledger, random, batchFunction } = rig;
  const batcher = createBatcher(batchFunction, {
    maxSize: options.maxSize,
    maxDelayMs: options.maxDelayMs,
    concurrency: options.concurrency,
    ...(options.partitions === undefined ? {} : { partitionBy: (id: number) => id % options.partitions! }),
  });
  const startedAt = performance.now();
  const stats = await pumpRequests(batcher, ledger, random, options, onProgress);
  return { stats, durationMs: performance.now() - startedAt };
}

/** The batcher's counters must agree with what the callers and the batch function saw. */
export function statsProblems(rig: SoakRig, { stats }: SoakPass): string[] {
  const { options, ledger, batchCounts } = rig;
  const problems: string[] = [];
  if (stats.submitted !== options.requests) problems.push(`stats.submitted is ${stats.submitted}, expected ${options.requests}`);
  if (stats.resolved + stats.rejected !== stats.submitted) {
    problems.push(`stats.resolved + stats.rejected is ${stats.resolved + stats.rejected}, expected ${stats.submitted}`);
  }
  if (stats.resolved !== ledger.tally.resolved) {
    problems.push(`stats.resolved is ${stats.resolved}, but callers saw ${ledger.tally.resolved} resolve`);
  }
  if (stats.partitions !== 0) problems.push(`after close(), stats.partitions is ${stats.partitions}, expected 0`);
  if (stats.queued !== 0 || stats.inFlight !== 0) {
    problems.push(`after close(), stats.queued is ${stats.queued} and stats.inFlight ${stats.inFlight}, expected 0 and 0`);
  }
  if (stats.batches !== batchCounts.calls) {
    problems.push(`stats.batches is ${stats.batches}, but the batch function was called ${batchCounts.calls} times`);
  }
  return problems;
}
