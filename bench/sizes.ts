import type { BatchShape } from './contenders/contender.js';

/** How big each case is and how often it runs; the full run is the issue's, the smoke run only checks wiring. */
export interface BenchSizes {
  readonly mode: 'full' | 'smoke';
  /** Rounds run first and thrown away, so the JIT has compiled every contender's hot path. */
  readonly warmupRounds: number;
  /** Measured rounds; the running order of the contenders rotates each round. */
  readonly rounds: number;
  readonly shape: BatchShape;
  readonly burstRequests: number;
  readonly closedLoopRequests: number;
  readonly closedLoopCallers: number;
  readonly memoryPendingRequests: number;
  /** Lone requests per contender per round; percentiles pool every round. */
  readonly loneRequestsPerRound: number;
  /** Full batches per contender per round; percentiles pool every round. */
  readonly fullBatchesPerRound: number;
  readonly streamItems: number;
  /** The per-request batcher cases (issue 9): a new batcher per iteration, 5 submits, await them. */
  readonly perRequest: PerRequestSizes;
  /** The partitions case (issue 11): a burst spread at random over many partition keys. */
  readonly partitions: PartitionsSizes;
  /** A run that has not settled every request by then counts as hung. */
  readonly settleTimeoutMs: number;
  /** Time the first run after the gc rather than a run after a warm-up one (`--cold`; see `timeOneRun`). */
  readonly coldRuns: boolean;
}

/** One per-request case: iterations of "create a batcher, submit 5, await them" per timed run. */
export interface PerRequestRunSizes {
  readonly iterations: number;
  /** Untimed iterations between the gc and the timed ones (none with `--cold`). */
  readonly warmupIterations: number;
}

export interface PerRequestSizes {
  /** `maxDelayMs: 0`: the dataloader pattern. */
  readonly zeroDelay: PerRequestRunSizes;
  /** The default `maxDelayMs`: every iteration waits for its timer, so few iterations make a run. */
  readonly defaultDelay: PerRequestRunSizes;
  /**
   * A timed run stops after the iteration that passes this many milliseconds and reports the rate of the
   * iterations it did, so a slow contender cannot stretch the whole benchmark (see bench/README.md).
   */
  readonly runBudgetMs: number;
}

export interface PartitionsSizes {
  readonly requests: number;
  /** Partition keys the requests are spread over; each request draws one from a seeded random source. */
  readonly keys: number;
}

const issueShape: BatchShape = { maxSize: 100, maxDelayMs: 5 };

export const fullSizes: BenchSizes = {
  mode: 'full',
  warmupRounds: 1,
  rounds: 5,
  shape: issueShape,
  burstRequests: 200_000,
  closedLoopRequests: 300_000,
  closedLoopCallers: 1_000,
  memoryPendingRequests: 100_000,
  loneRequestsPerRound: 40,
  fullBatchesPerRound: 20,
  streamItems: 200_000,
  perRequest: {
    // 10,000 untimed iterations after the gc, not fewer: a full gc with no loader alive makes V8 drop the optimised
    // code built on the loader's classes, and rx-batcher's per-request path takes 5,000–9,000 iterations to get it
    // back, dataloader's 2,000–3,000 (bench/compare-builds/recovery-after-gc.cjs; bench/README.md). Timed earlier,
    // the run measures that recovery rather than the library.
    zeroDelay: { iterations: 20_000, warmupIterations: 10_000 },
    defaultDelay: { iterations: 200, warmupIterations: 5 },
    runBudgetMs: 3_000,
  },
  partitions: { requests: 200_000, keys: 1_000 },
  settleTimeoutMs: 60_000,
  coldRuns: false,
};

export const smokeSizes: BenchSizes = {
  mode: 'smoke',
  warmupRounds: 0,
  rounds: 1,
  shape: issueShape,
  burstRequests: 2_000,
  closedLoopRequests: 3_000,
  closedLoopCallers: 200,
  memoryPendingRequests: 2_000,
  loneRequestsPerRound: 3,
  fullBatchesPerRound: 3,
  streamItems: 2_000,
  perRequest: {
    zeroDelay: { iterations: 300, warmupIterations: 0 },
    defaultDelay: { iterations: 5, warmupIterations: 0 },
    runBudgetMs: 3_000,
  },
  partitions: { requests: 2_000, keys: 1_000 },
  settleTimeoutMs: 10_000,
  coldRuns: false,
};
