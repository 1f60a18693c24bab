import type { BenchmarkCase } from '../cases/benchmark-case.js';
import type { Contender } from '../contenders/contender.js';
import type { BenchSizes } from '../sizes.js';

/** One contender's line in a case's table. */
export interface ContenderRow {
  readonly contender: string;
  /** Each metric's summary over the measured rounds, by `Metric.key`. */
  readonly values: Record<string, number>;
  /** This row's ratio metric over the baseline's; absent for the baseline-less cases. */
  readonly ratioToBaseline?: number;
  /** Every measured sample, by `Metric.sampleKey`, for anyone who wants more than the summary. */
  readonly samples: Record<string, number[]>;
}

export interface CaseReport {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly ratioMetricKey?: string;
  readonly rows: ContenderRow[];
  /** Requests that did not settle with their own result, and runs that threw or hung. */
  readonly failures: string[];
}

/** Round `round` starts with a different contender each time, so nobody always runs first or last. */
function runningOrder<T>(contenders: readonly T[], round: number): T[] {
  const shift = ((round % contenders.length) + contenders.length) % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

/**
 * Runs one case for every contender it applies to: warm-up rounds (thrown away), then measured rounds in a
 * rotating order, all in this process. A failing run is recorded and the rest go on.
 */
export async function runCase(
  benchCase: BenchmarkCase,
  contenders: readonly Contender[],
  sizes: BenchSizes,
  baselineName: string,
  onProgress: (line: string) => void,
): Promise<CaseReport> {
  const entrants = contenders.filter(benchCase.appliesTo);
  const samplesByContender = new Map<string, Record<string, number[]>>(entrants.map((contender) => [contender.name, {}]));
  const failures: string[] = [];

  for (let round = -sizes.warmupRounds; round < sizes.rounds; round++) {
    const roundName = round < 0 ? 'warm-up' : `round ${round + 1}/${sizes.rounds}`;
    onProgress(`${benchCase.title}: ${roundName}`);
    for (const contender of runningOrder(entrants, round)) {
      try {
        const measurement = await benchCase.measure(contender, sizes);
        if (measurement.settled !== measurement.expected) {
          failures.push(
            `${benchCase.id}/${contender.name} (${roundName}): ${measurement.settled} of ` +
              `${measurement.expected} requests settled with their own result`,
          );
        }
        for (const problem of measurement.problems ?? []) failures.push(`${benchCase.id}/${contender.name} (${roundName}): ${problem}`);
        if (round < 0) continue;
        const samples = samplesByContender.get(contender.name)!;
        for (const [key, values] of Object.entries(measurement.samples)) (samples[key] ??= []).push(...values);
      } catch (error) {
        failures.push(`${benchCase.id}/${contender.name} (${roundName}): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  const rows = entrants.map((contender): ContenderRow => {
    const samples = samplesByContender.get(contender.name)!;
    const values = Object.fromEntries(
      benchCase.metrics.map((metric) => [metric.key, metric.summarize(samples[metric.sampleKey] ?? [])]),
    );
    return { contender: contender.name, values, samples };
  });
  const baseline = rows.find((row) => row.contender === baselineName);
  const ratioKey = benchCase.ratioMetricKey;
  const rowsWithRatios =
    ratioKey === undefined || baseline === undefined
      ? rows
      : rows.map((row) => ({ ...row, ratioToBaseline: row.values[ratioKey] / baseline.values[ratioKey] }));

  return {
    id: benchCase.id,
    title: benchCase.title,
    description: benchCase.describe(sizes),
    ratioMetricKey: ratioKey,
    rows: rowsWithRatios,
    failures,
  };
}
