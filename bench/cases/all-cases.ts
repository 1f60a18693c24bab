import type { BenchmarkCase } from './benchmark-case.js';
import { burstCase } from './burst.js';
import { closedLoopCase } from './closed-loop.js';
import { fullBatchLatencyCase } from './full-batch-latency.js';
import { loneRequestLatencyCase } from './lone-request-latency.js';
import { memoryCase } from './memory.js';
import { streamCase } from './stream.js';

/** The six cases, in its order. */
export const allCases: readonly BenchmarkCase[] = [
  burstCase,
  closedLoopCase,
  memoryCase,
  loneRequestLatencyCase,
  fullBatchLatencyCase,
  streamCase,
];
