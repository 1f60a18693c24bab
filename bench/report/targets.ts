import type { CaseReport } from '../harness/run-case.js';
import type { BenchSizes } from '../sizes.js';
import { formatRatio } from './ratio.js';

/** One of the targets, checked against this run's numbers. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** Undefined when this run did not measure what the target needs. */
  readonly holds: boolean | undefined;
}

export interface TargetNames {
  readonly ours: string;
  readonly baseline: string;
  readonly streamFloor: string;
}

/**
 * Checks the issues' targets (issue 4, "Targets"; issue 9, section 2) against the medians of this run. The
 * thresholds are the issues'; every measured value comes from `reports`.
 */
export function checkTargets(reports: readonly CaseReport[], sizes: BenchSizes, names: TargetNames): TargetCheck[] {
  const value = (caseId: string, contender: string, metricKey: string): number | undefined =>
    reports.find((report) => report.id === caseId)?.rows.find((row) => row.contender === contender)?.values[metricKey];
  const check = (
    target: string,
    measuredValues: ReadonlyArray<number | undefined>,
    holds: (...values: number[]) => boolean,
    describe: (...values: number[]) => string,
  ): TargetCheck => {
    const known = measuredValues.filter((measured): measured is number => measured !== undefined && !Number.isNaN(measured));
    return known.length < measuredValues.length
      ? { target, measured: 'not measured in this run', holds: undefined }
      : { target, measured: describe(...known), holds: holds(...known) };
  };
  const { ours, baseline, streamFloor } = names;
  const { maxDelayMs } = sizes.shape;
  const ratio = (left: number, right: number) => formatRatio(left / right);
  const wholeNumber = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

  return [
    check(
      `burst: ${ours} ≥ 1.0× ${baseline}`,
      [value('burst', ours, 'requestsPerSecond'), value('burst', baseline, 'requestsPerSecond')],
      (mine, theirs) => mine >= theirs,
      ratio,
    ),
    check(
      `closed loop: ${ours} ≥ 1.0× ${baseline}`,
      [value('closed-loop', ours, 'requestsPerSecond'), value('closed-loop', baseline, 'requestsPerSecond')],
      (mine, theirs) => mine >= theirs,
      ratio,
    ),
    check(
      `stream: batchRequests ≥ 5× ${baseline}'s burst rate`,
      [value('stream', ours, 'itemsPerSecond'), value('burst', baseline, 'requestsPerSecond')],
      (mine, theirs) => mine >= 5 * theirs,
      ratio,
    ),
    check(
      `stream: batchRequests ≥ 0.8× the ${streamFloor} stream`,
      [value('stream', ours, 'itemsPerSecond'), value('stream', streamFloor, 'itemsPerSecond')],
      (mine, floor) => mine >= 0.8 * floor,
      ratio,
    ),
    check(
      `memory: ${ours} bytes per pending request ≤ ${baseline}'s`,
      [value('memory', ours, 'bytesPerPendingRequest'), value('memory', baseline, 'bytesPerPendingRequest')],
      (mine, theirs) => mine <= theirs,
      (mine, theirs) => `${mine.toFixed(0)} vs ${theirs.toFixed(0)} bytes`,
    ),
    check(
      `lone request: never dispatched before maxDelayMs (${maxDelayMs} ms)`,
      [value('lone-request-latency', ours, 'waitMsP0')],
      (minimum) => minimum >= maxDelayMs,
      (minimum) => `min ${minimum.toFixed(3)} ms`,
    ),
    check(
      `lone request: p99 ≤ maxDelayMs + 2 ms (${maxDelayMs + 2} ms)`,
      [value('lone-request-latency', ours, 'waitMsP99')],
      (p99) => p99 <= maxDelayMs + 2,
      (p99) => `p99 ${p99.toFixed(3)} ms`,
    ),
    check(
      'full batch: dispatched in the same tick, every time',
      [value('full-batch-latency', ours, 'inSameTick'), value('full-batch-latency', ours, 'inSubmitCall')],
      (sameTick) => sameTick === 100,
      (sameTick, inSubmitCall) => `${sameTick.toFixed(0)}% same tick, ${inSubmitCall.toFixed(0)}% inside the filling submit`,
    ),
    check(
      `per-request batcher, maxDelayMs 0: ${ours} ≥ 0.5× ${baseline} (issue 9; the dataloader drop-in will need 0.9×)`,
      [value('per-request', ours, 'iterationsPerSecond'), value('per-request', baseline, 'iterationsPerSecond')],
      (mine, theirs) => mine >= 0.5 * theirs,
      (mine, theirs) => `${ratio(mine, theirs)} (${wholeNumber(mine)} vs ${wholeNumber(theirs)} iterations/s)`,
    ),
    check(
      `per-request batcher: one batch call of 5 per iteration, ${ours} and ${baseline}, maxDelayMs 0 and default`,
      ['per-request', 'per-request-default-delay'].flatMap((caseId) =>
        [ours, baseline].flatMap((contender) => [
          value(caseId, contender, 'batchCallsPerIteration'),
          value(caseId, contender, 'itemsPerBatchCall'),
        ]),
      ),
      (...callsAndSizes) => callsAndSizes.every((measured, index) => measured === (index % 2 === 0 ? 1 : 5)),
      (...callsAndSizes) =>
        `batch calls per iteration ${callsAndSizes.filter((_, index) => index % 2 === 0).map((calls) => calls.toFixed(2)).join(', ')}; ` +
        `items per call ${callsAndSizes.filter((_, index) => index % 2 === 1).map((items) => items.toFixed(2)).join(', ')}`,
    ),
  ];
}
