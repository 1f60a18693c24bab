import type { BatcherStats } from '../../src/index.js';
import type { FlakyBatchCounts } from './flaky-batch-function.js';
import type { ObservedOutcome } from './outcome-kinds.js';
import type { SoakOptions } from './soak-options.js';

/** What one soak run measured. */
export interface SoakFacts {
  readonly options: SoakOptions;
  readonly warmUpRequests: number;
  readonly tally: Readonly<Record<ObservedOutcome, number>>;
  readonly dispatched: number;
  readonly batches: FlakyBatchCounts;
  readonly stats: BatcherStats;
  readonly durationMs: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly heapGrowthLimit: number;
  readonly problems: readonly string[];
}

const count = (value: number) => value.toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const percent = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`;

/** The end-of-run report, as lines: counts, rejections by kind, batches, time, heap, and the verdict. */
export function formatSummary(facts: SoakFacts): string[] {
  const { options, tally, batches, stats, durationMs, heapBefore, heapAfter, problems } = facts;
  const rejected = Object.entries(tally).filter(([kind]) => kind !== 'resolved');
  const rejectedTotal = rejected.reduce((sum, [, value]) => sum + value, 0);
  const heapChange = (heapAfter - heapBefore) / heapBefore;
  const seconds = durationMs / 1000;
  return [
    '',
    '## soak summary',
    `requests   ${count(options.requests)} (seed ${options.seed}; at most ${count(options.window)} unsettled; ` +
      `maxSize ${options.maxSize}, maxDelayMs ${options.maxDelayMs}, concurrency ${options.concurrency}` +
      `${options.partitions === undefined ? '' : `, partitionBy id % ${options.partitions}`})`,
    `resolved   ${count(tally.resolved)}`,
    `rejected   ${count(rejectedTotal)}: ${rejected.map(([kind, value]) => `${kind} ${count(value)}`).join(', ')}`,
    `batches    ${count(batches.calls)} (mean ${(facts.dispatched / Math.max(batches.calls, 1)).toFixed(1)} requests): ` +
      `succeeded ${count(batches.succeeded)}, threw ${count(batches.threw)}, rejected ${count(batches.rejected)}, ` +
      `wrong length ${count(batches.wrongLength)}`,
    `stats      ${JSON.stringify(stats)}`,
    `duration   ${seconds.toFixed(1)} s`,
    `rate       ${count(Math.round(options.requests / seconds))} requests/s`,
    `heap       before ${megabytes(heapBefore)}, after close() ${megabytes(heapAfter)} (${percent(heapChange)}, ` +
      `${((heapAfter - heapBefore) / options.requests).toFixed(3)} bytes/request; limit ${percent(facts.heapGrowthLimit)}; ` +
      `read after gc, following a ${count(facts.warmUpRequests)}-request warm-up on its own batcher)`,
    problems.length === 0
      ? 'result     PASS: every request settled exactly once, with the outcome its batch function decided'
      : `result     FAIL:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  ];
}
