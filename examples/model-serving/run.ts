/**
 * The model-serving experiment end to end: for each endpoint, start the server in a child process, ramp
 * the offered rate up with autocannon, then print both side by side and write the data and a chart to
 * `bench/results/serving-<model>.{json,svg}`.
 *
 *   npm run demo                            # real ONNX model, short ramp (under 2 minutes)
 *   npm run demo -- --model seed --full     # the seed's simulated cost model, long ramp
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ComparedEndpoints } from './compared-endpoints.js';
import { describeMachine } from './machine-info.js';
import { ensureMlpOnnxFile, SERVING_MLP_SPEC } from './mlp-onnx-file.js';
import type { ModelKind } from './prediction-model.js';
import { describePeakBound, isPeakLowerBound } from './peak-bound.js';
import { rampEndpoint, type RampOutcome } from './ramp.js';
import { CONTINUATION_FACTOR, PEAK_TOLERANCE, rampPlan } from './ramp-plan.js';
import { seededFeatureRows } from './request-bodies.js';
import { formatResultsTable } from './results-table.js';
import { startServerChild } from './server-child.js';
import { renderServingChart } from './serving-chart.js';
import { collapseRate, summarizeServing, type ServingSummary } from './serving-summary.js';

const RESULTS_DIRECTORY = join(__dirname, '..', '..', 'bench', 'results');
// The batched endpoint must beat the plain one by this factor at peak (the targets).
const REQUIRED_PEAK_RATIO: Record<ModelKind, number> = { real: 5, seed: 50 };
const REQUIRED_P95_AT_PLAIN_COLLAPSE_MS = 100;
const ENDPOINTS: ComparedEndpoints = {
  plain: { path: '/predict', legend: '/predict (one model call per request)' },
  batched: { path: '/optimized_predict', legend: '/optimized_predict (rx-batcher, one call per batch)' },
};

interface RunArguments {
  model: ModelKind;
  full: boolean;
}

function parseArguments(argv: readonly string[]): RunArguments {
  const parsed: RunArguments = { model: 'real', full: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--full') parsed.full = true;
    else if (argument === '--model' || argument.startsWith('--model=')) {
      const value = argument === '--model' ? argv[++index] : argument.slice('--model='.length);
      if (value !== 'real' && value !== 'seed') throw new Error(`Expected \`--model\` to be \`real\` or \`seed\`, got \`${value}\``);
      parsed.model = value;
    } else {
      throw new Error(`Unknown argument \`${argument}\`; usage: run.ts [--model real|seed] [--full]`);
    }
  }
  return parsed;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { model, full } = parseArguments(process.argv.slice(2));
  const plan = rampPlan(model, full);
  const machine = describeMachine();
  const command = ['npm run demo', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`Model serving demo: ${command}`);
  console.log(`Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);

  if (model === 'real') {
    const generationStartedAt = performance.now();
    const path = await ensureMlpOnnxFile(SERVING_MLP_SPEC);
    console.log(`ONNX model: ${relative(process.cwd(), path)} (ready in ${((performance.now() - generationStartedAt) / 1000).toFixed(1)} s)`);
  }
  console.log(
    `Ramp: ${plan.offeredRates.join(' → ')} requests/s, ${plan.stepSeconds} s per step, open-loop, 1 s client timeout; ` +
      `each endpoint stops after the step where more than 1% fail, or continues ${CONTINUATION_FACTOR}× a step while it holds ` +
      `(up to ${plan.maxOfferedRate}/s), then its peak is bracketed to within ${PEAK_TOLERANCE * 100}%.\n`,
  );

  // The same bodies for both endpoints, cycled across connections, so they score identical inputs.
  const bodies = seededFeatureRows(256, 7).map((features) => JSON.stringify({ features }));
  let description = '';
  let cost = { singleRowMs: Number.NaN, batchOf200Ms: Number.NaN };
  const rampOn = async (path: string, alsoMeasureAt: readonly number[]): Promise<RampOutcome> => {
    // A fresh server per endpoint, so the plain endpoint's backlog after it collapses cannot slow the other.
    const server = await startServerChild(model);
    if (description === '') {
      ({ description, cost } = server);
      console.log(`Model: ${description}`);
      console.log(`Measured in the server process: one row ${cost.singleRowMs.toFixed(2)} ms, 200 rows ${cost.batchOf200Ms.toFixed(2)} ms per call\n`);
    }
    try {
      return await rampEndpoint({ url: server.url + path, label: path, plan, alsoMeasureAt, bodies });
    } finally {
      await server.stop();
    }
  };
  const plainRamp = await rampOn(ENDPOINTS.plain.path, []);
  // The batched endpoint is measured where the plain one collapsed too, for the p95 there.
  const plainCollapse = collapseRate(plainRamp.steps);
  const batchedRamp = await rampOn(ENDPOINTS.batched.path, plainCollapse === undefined ? [] : [plainCollapse]);
  const plain = plainRamp.steps;
  const batched = batchedRamp.steps;
  const summary = summarizeServing(plain, batched);
  const table = formatResultsTable(plain, batched, ENDPOINTS);

  await mkdir(RESULTS_DIRECTORY, { recursive: true });
  const jsonPath = join(RESULTS_DIRECTORY, `serving-${model}.json`);
  const svgPath = join(RESULTS_DIRECTORY, `serving-${model}.svg`);
  const svg = await renderServingChart({
    title: `Model serving on ${machine.cores} cores: one call per request vs rx-batcher`,
    subtitle: description,
    plain,
    batched,
    endpoints: ENDPOINTS,
  });
  await writeFile(svgPath, svg);
  await writeFile(
    jsonPath,
    `${JSON.stringify({ command, machine, model: { kind: model, description, measuredCost: cost }, plan, summary, ends: { plain: plainRamp.end, batched: batchedRamp.end }, steps: { plain, batched } }, null, 2)}\n`,
  );

  console.log(`\n${table}\n`);
  printHeadline(model, summary, plainRamp, batchedRamp);
  console.log(`Chart: ${relative(process.cwd(), svgPath)}\nData:  ${relative(process.cwd(), jsonPath)}`);
  console.log(`Total time: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

/** The targets, each figure against its target, and what bounds each endpoint's peak. */
function printHeadline(model: ModelKind, summary: ServingSummary, plainRamp: RampOutcome, batchedRamp: RampOutcome): void {
  const ratio = summary.peakRatio;
  const p95 = summary.batchedP95AtPlainCollapseMs;
  const atLeast = isPeakLowerBound(batchedRamp) ? 'at least ' : '';
  console.log(
    `Peak successful throughput: /predict ${summary.plainPeakRate.toFixed(0)}/s, /optimized_predict ${atLeast}${summary.batchedPeakRate.toFixed(0)}/s ` +
      `(≤ 0.1% failures up to it; worst ${(summary.batchedFailureRatioUpToPeak * 100).toFixed(2)}%) → ${atLeast}${ratio.toFixed(1)}× ` +
      `(target ≥ ${REQUIRED_PEAK_RATIO[model]}×: ${ratio >= REQUIRED_PEAK_RATIO[model] ? 'met' : 'NOT met'})`,
  );
  if (summary.plainCollapseRate === undefined) {
    console.log('/predict did not collapse within the ramp.');
  } else {
    const p95Text = p95 === undefined ? 'not measured' : `${p95.toFixed(1)} ms`;
    const met = p95 !== undefined && p95 < REQUIRED_P95_AT_PLAIN_COLLAPSE_MS;
    console.log(
      `/predict collapsed at ${summary.plainCollapseRate}/s offered; /optimized_predict p95 there: ${p95Text} ` +
        `(target < ${REQUIRED_P95_AT_PLAIN_COLLAPSE_MS} ms: ${met ? 'met' : 'NOT met'})`,
    );
  }
  console.log(describePeakBound(ENDPOINTS.plain.path, plainRamp));
  console.log(describePeakBound(ENDPOINTS.batched.path, batchedRamp));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
