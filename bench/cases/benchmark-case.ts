import type { Contender } from '../contenders/contender.js';
import type { BenchSizes } from '../sizes.js';

/** One column of a case's table. */
export interface Metric {
  readonly key: string;
  /** Column heading, unit included. */
  readonly label: string;
  readonly better: 'higher' | 'lower';
  /** Which samples it reads; several metrics (p50, p99) can read the same ones. */
  readonly sampleKey: string;
  /** Turns the samples of every measured round into the one number shown. */
  readonly summarize: (samples: readonly number[]) => number;
  readonly format: (value: number) => string;
}

/** What one contender produced in one round. */
export interface Measurement {
  /** Samples by `Metric.sampleKey`: one per round for throughput, one per request for latency. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  /** Requests that settled with their own result. */
  readonly settled: number;
  /** Requests submitted; anything short of it fails the run. */
  readonly expected: number;
  /** Anything else the case checks that went wrong (a batch split in two); each one fails the run. */
  readonly problems?: readonly string[];
}

/** One of the cases. */
export interface BenchmarkCase {
  readonly id: string;
  readonly title: string;
  /** One line: what is done and what is measured, with the sizes in force. */
  readonly describe: (sizes: BenchSizes) => string;
  readonly metrics: readonly Metric[];
  /** The metric compared with dataloader's; left out where a ratio would mean nothing. */
  readonly ratioMetricKey?: string;
  readonly appliesTo: (contender: Contender) => boolean;
  readonly measure: (contender: Contender, sizes: BenchSizes) => Promise<Measurement>;
}
