import { parseArgs } from 'node:util';

/** Everything one soak run is configured by; printed with the summary so a run can be repeated. */
export interface SoakOptions {
  /** Requests pushed through the batcher. `--requests N` or `SOAK_REQUESTS`. */
  readonly requests: number;
  /** Seeds every random decision. `--seed N` or `SOAK_SEED`. */
  readonly seed: number;
  /** The most requests submitted and not yet settled: what keeps memory bounded, as a real service's intake does. */
  readonly window: number;
  /** Batcher options: small enough batches and delay that both count and time flushes happen all the time. */
  readonly maxSize: number;
  readonly maxDelayMs: number;
  /** Below the number of batches a full window holds, so batches also wait for a free slot. */
  readonly concurrency: number;
  /** No request settling for this long is a hang: the soak stops and reports which requests never settled. */
  readonly stallTimeoutMs: number;
  /** With N, the batcher partitions requests by `id % N` (`partitionBy`): N partitions filling side by side. `--partitions N`. */
  readonly partitions: number | undefined;
}

const defaults: SoakOptions = {
  requests: 5_000_000,
  seed: 20_240_603,
  window: 10_000,
  maxSize: 100,
  maxDelayMs: 2,
  concurrency: 4,
  stallTimeoutMs: 10_000,
  partitions: undefined,
};

/** Reads `--requests`/`--seed`/`--partitions` (as `--requests 5000` or `--requests=5000`, `5e6` and `5_000_000` too), else the env. */
export function soakOptionsFrom(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { requests: { type: 'string' }, seed: { type: 'string' }, partitions: { type: 'string' } },
  });
  return {
    ...defaults,
    requests: positiveInteger('--requests', values.requests ?? env.SOAK_REQUESTS, defaults.requests),
    seed: positiveInteger('--seed', values.seed ?? env.SOAK_SEED, defaults.seed),
    partitions: values.partitions === undefined ? undefined : positiveInteger('--partitions', values.partitions, 1),
  };
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Expected \`${flag}\` to be an integer from 1 and up, got \`${text}\``);
  }
  return value;
}
