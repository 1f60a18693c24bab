import type { BenchmarkCase } from './benchmark-case.js';
import { burstCase } from './burst.js';
import { closedLoopCase } from './closed-loop.js';
import { fullBatchLatencyCase } from './full-batch-latency.js';
import { loneRequestLatencyCase } from './lone-request-latency.js';
import { memoryCase } from './memory.js';
import { partitionsCase } from './partitions.js';
import { perRequestDefaultDelayCase, perRequestZeroDelayCase } from './per-request.js';
import { streamCase } from './stream.js';

/**
 * Issue 4's six cases, in its order, then issue 9's per-request batcher with `maxDelayMs` 0 and the default, then
 * issue 11's partitions.
 */
export const allCases: readonly BenchmarkCase[] = [
  burstCase,
  closedLoopCase,
  memoryCase,
  loneRequestLatencyCase,
  fullBatchLatencyCase,
  streamCase,
  perRequestZeroDelayCase,
  perRequestDefaultDelayCase,
  partitionsCase,
];
