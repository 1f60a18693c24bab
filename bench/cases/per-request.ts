import type { Contender, NumberBatchFunction, PerRequestOptions, Submitter } from '../contenders/contender.js';
import { collectGarbage } from '../harness/garbage.js';
import { settleWithin } from '../harness/settle-within.js';
import type { BenchSizes, PerRequestRunSizes } from '../sizes.js';
import type { BenchmarkCase } from './benchmark-case.js';
import { meanMetric, throughputMetric } from './metrics.js';

/** Loads per incoming request: a handful, as a GraphQL resolver or a REST handler makes. */
export const loadsPerIteration = 5;

type PerRequestContender = Contender & Required<Pick<Contender, 'createPerRequestLoader'>>;

const hasPerRequestLoader = (contender: Contender): contender is PerRequestContender =>
  contender.createPerRequestLoader !== undefined;

/** What one run of iterations did. */
interface IterationsRun {
  readonly iterations: number;
  readonly durationMs: number;
  readonly batchCalls: number;
  readonly batchedItems: number;
  /** Iterations whose loads went out in exactly one batch call holding all of them. */
  readonly oneBatchIterations: number;
  /** Loads answered with their own request. */
  readonly echoed: number;
}

/**
 * `iterations` times: a new batcher, `loadsPerIteration` submits in one go, await them all; the batch calls
 * are counted per iteration, so a batcher that splits the loads shows. Stops early, after the iteration that
 * passes `budgetMs`.
 */
async function runIterations(
  contender: PerRequestContender,
  options: PerRequestOptions,
  iterations: number,
  budgetMs: number,
): Promise<IterationsRun> {
  let batchCalls = 0;
  let batchedItems = 0;
  const countingEcho: NumberBatchFunction = (requests) => {
    batchCalls++;
    batchedItems += requests.length;
    return Promise.resolve(requests.slice());
  };
  let oneBatchIterations = 0;
  let echoed = 0;
  let done = 0;
  const startedAt = performance.now();
  while (done < iterations) {
    const loader: Submitter = contender.createPerRequestLoader(countingEcho, options);
    const callsBefore = batchCalls;
    const itemsBefore = batchedItems;
    const first = done * loadsPerIteration;
    const pending: Promise<number>[] = [];
    for (let load = 0; load < loadsPerIteration; load++) pending.push(loader.submit(first + load));
    const results = await Promise.all(pending);
    for (let load = 0; load < loadsPerIteration; load++) if (results[load] === first + load) echoed++;
    if (batchCalls - callsBefore === 1 && batchedItems - itemsBefore === loadsPerIteration) oneBatchIterations++;
    done++;
    if (performance.now() - startedAt > budgetMs) break;
  }
  return { iterations: done, durationMs: performance.now() - startedAt, batchCalls, batchedItems, oneBatchIterations, echoed };
}

/**
 * Issue 9, section 2: a new batcher per incoming request, a handful of loads, one batch — the pattern most
 * dataloader users have. Each timed run follows a full gc and untimed warm-up iterations (each iteration makes
 * a fresh batcher, so the harness's warm-up runs "on the same batcher" have no meaning here). Timed with
 * `performance.now()` around the loop; a run that passes the budget stops early and reports its rate.
 */
function perRequestCase(
  id: string,
  title: string,
  options: PerRequestOptions,
  describeDelay: string,
  runSizes: (sizes: BenchSizes) => PerRequestRunSizes,
): BenchmarkCase {
  return {
    id,
    title,
    describe: (sizes) =>
      `${runSizes(sizes).iterations.toLocaleString('en-US')} iterations per run of: a new batcher ` +
      `(${describeDelay}; dataloader: new DataLoader(fn, { cache: false })), ${loadsPerIteration} submits, ` +
      `await them all; each timed run follows a full gc and ` +
      `${sizes.coldRuns ? 'no' : runSizes(sizes).warmupIterations.toLocaleString('en-US')} untimed iterations, and stops ` +
      `after ${sizes.perRequest.runBudgetMs.toLocaleString('en-US')} ms if not done`,
    metrics: [
      throughputMetric('iterationsPerSecond', 'iterations/s'),
      throughputMetric('requestsPerSecond', 'requests/s'),
      meanMetric('batchCallsPerIteration', 'batch calls/iteration', 'lower'),
      meanMetric('itemsPerBatchCall', 'items/batch call', 'higher'),
      // The median of the rounds, like a rate; below the case's iterations only where a run hit the budget.
      throughputMetric('iterationsTimed', 'iterations timed'),
    ],
    ratioMetricKey: 'iterationsPerSecond',
    appliesTo: hasPerRequestLoader,
    async measure(contender, sizes) {
      if (!hasPerRequestLoader(contender)) throw new Error(`${contender.name} has no per-request loader`);
      const { iterations, warmupIterations } = runSizes(sizes);
      const { runBudgetMs } = sizes.perRequest;
      const what = `${id}/${contender.name}`;
      collectGarbage();
      if (!sizes.coldRuns && warmupIterations > 0) {
        await settleWithin(runIterations(contender, options, warmupIterations, runBudgetMs / 5), sizes.settleTimeoutMs, what);
      }
      const run = await settleWithin(runIterations(contender, options, iterations, runBudgetMs), sizes.settleTimeoutMs, what);
      const iterationsPerSecond = run.iterations / (run.durationMs / 1000);
      const split = run.iterations - run.oneBatchIterations;
      return {
        samples: {
          iterationsPerSecond: [iterationsPerSecond],
          requestsPerSecond: [iterationsPerSecond * loadsPerIteration],
          batchCallsPerIteration: [run.batchCalls / run.iterations],
          itemsPerBatchCall: [run.batchedItems / run.batchCalls],
          iterationsTimed: [run.iterations],
        },
        settled: run.echoed,
        expected: run.iterations * loadsPerIteration,
        problems:
          split === 0
            ? []
            : [`${split} of ${run.iterations} iterations did not send their ${loadsPerIteration} loads in one batch call`],
      };
    },
  };
}

/** `maxDelayMs: 0`, which means "what this tick submitted", as dataloader's schedule does. */
export const perRequestZeroDelayCase = perRequestCase(
  'per-request',
  'per-request batcher, maxDelayMs 0',
  { maxDelayMs: 0 },
  'createBatcher(fn, { maxDelayMs: 0 })',
  (sizes) => sizes.perRequest.zeroDelay,
);

/** The default `maxDelayMs`: each iteration waits for its batch's timer. No target; shows what the default costs. */
export const perRequestDefaultDelayCase = perRequestCase(
  'per-request-default-delay',
  'per-request batcher, default maxDelayMs',
  {},
  'createBatcher(fn), default maxDelayMs 10',
  (sizes) => sizes.perRequest.defaultDelay,
);
