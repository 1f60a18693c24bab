/**
 * The write-ingestion experiment end to end: for each endpoint, start the ingestion server in a child process,
 * ramp the offered rate with autocannon as the model demo does, count the rows stored, then print both side by
 * side and write the data and a chart to `bench/results/ingestion-<backend>.{json,svg}`.
 *
 *   npm run demo:db                          # PostgreSQL if DATABASE_URL is set or one can be started, else SQLite
 *   npm run demo:db -- --backend sqlite      # SQLite even where PostgreSQL is available
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ComparedEndpoints } from '../model-serving/compared-endpoints.js';
import { describeMachine } from '../model-serving/machine-info.js';
import { describePeakBound, isPeakLowerBound, limitingRate } from '../model-serving/peak-bound.js';
import { rampEndpoint, type RampOutcome } from '../model-serving/ramp.js';
import { CONTINUATION_FACTOR, PEAK_TOLERANCE } from '../model-serving/ramp-plan.js';
import { formatResultsTable } from '../model-serving/results-table.js';
import { renderServingChart } from '../model-serving/serving-chart.js';
import { collapseRate, summarizeServing, type ServingSummary } from '../model-serving/serving-summary.js';
import { openEventStore, postgresBackend, sqliteBackend, type Backend } from './backends.js';
import { BATCHING_FOR_BACKEND } from './batching-settings.js';
import { postgresPids, startCpuWindow, type CpuUsage } from './cpu-usage.js';
import { seededEventBodies, topicsFor } from './event-bodies.js';
import { INGESTION_RAMP } from './ingestion-ramp-plan.js';
import { startIngestionChild } from './server-child.js';
import { whatBounds } from './what-bounds.js';

const RESULTS_DIRECTORY = join(__dirname, '..', '..', 'bench', 'results');

const ENDPOINTS: ComparedEndpoints = {
  plain: { path: '/events', legend: '/events (one INSERT per request)' },
  batched: { path: '/events/batched', legend: '/events/batched (rx-batcher, one multi-row INSERT per batch)' },
};
// Each endpoint writes to its own topics, so the rows each stored can be counted apart.
const TOPIC_PREFIX = { plain: 'plain', batched: 'batched' } as const;

interface EndpointRun extends RampOutcome {
  cpuByOfferedRate: Record<number, CpuUsage>;
  /** Rows in the endpoint's tables after its ramp; at least the events answered 2xx (a timed-out one may be stored too). */
  rowsStored: number;
  answeredOk: number;
}

function parseBackendArgument(argv: readonly string[]): 'sqlite' | 'postgres' | 'auto' {
  if (argv.length === 0) return 'auto';
  const value = argv[0] === '--backend' ? argv[1] : argv[0].startsWith('--backend=') ? argv[0].slice('--backend='.length) : undefined;
  if (argv.length > (argv[0] === '--backend' ? 2 : 1) || (value !== 'sqlite' && value !== 'postgres')) {
    throw new Error(`Unknown arguments \`${argv.join(' ')}\`; usage: run.ts [--backend sqlite|postgres]`);
  }
  return value;
}

/** PostgreSQL when asked or available, SQLite otherwise; says why. */
async function chooseBackend(wanted: 'sqlite' | 'postgres' | 'auto'): Promise<Backend> {
  if (wanted === 'sqlite') return sqliteBackend();
  const postgres = await postgresBackend();
  if (typeof postgres !== 'string') return postgres;
  if (wanted === 'postgres') throw new Error(`PostgreSQL asked for, but ${postgres}`);
  console.log(`Using SQLite: ${postgres}.`);
  return sqliteBackend();
}

async function runEndpoint(backend: Backend, which: 'plain' | 'batched', alsoMeasureAt: readonly number[]): Promise<EndpointRun> {
  const { path } = ENDPOINTS[which];
  const topics = topicsFor(TOPIC_PREFIX[which]);
  const bodies = seededEventBodies(256, topics, 7);
  const cpuByOfferedRate: Record<number, CpuUsage> = {};
  const databasePids = backend.name === 'postgres' ? () => postgresPids(Number(new URL(backend.connection).port || 5432)) : () => [];
  // A fresh server per endpoint, so the plain endpoint's backlog after it collapses cannot slow the other.
  const server = await startIngestionChild(backend.name, backend.connection);
  let outcome: RampOutcome;
  try {
    let endWindow: (() => CpuUsage) | undefined;
    outcome = await rampEndpoint({
      url: server.url + path,
      label: path,
      plan: INGESTION_RAMP,
      alsoMeasureAt,
      bodies,
      onStepStart: () => (endWindow = startCpuWindow(server.pid, databasePids)),
      onStepEnd: (result) => (cpuByOfferedRate[result.offeredRate] = endWindow!()),
    });
  } finally {
    await server.stop();
  }
  const store = await openEventStore(backend.name, backend.connection);
  try {
    const counts = await Promise.all(topics.map((topic) => store.count(topic)));
    const answeredOk = outcome.steps.reduce((sum, step) => sum + step.succeeded, 0);
    return { ...outcome, cpuByOfferedRate, rowsStored: counts.reduce((a, b) => a + b, 0), answeredOk };
  } finally {
    await store.close();
  }
}

function printHeadline(summary: ServingSummary, plain: EndpointRun, batched: EndpointRun): void {
  const atLeast = isPeakLowerBound(batched) ? 'at least ' : '';
  console.log(
    `Peak successful events/s: /events ${summary.plainPeakRate.toFixed(0)}/s, /events/batched ${atLeast}${summary.batchedPeakRate.toFixed(0)}/s ` +
      `(≤ 0.1% failures up to it; worst ${(summary.batchedFailureRatioUpToPeak * 100).toFixed(2)}%) → ${atLeast}${summary.peakRatio.toFixed(1)}×`,
  );
  if (summary.plainCollapseRate === undefined) console.log('/events did not collapse within the ramp.');
  else {
    const p95 = summary.batchedP95AtPlainCollapseMs;
    console.log(`/events collapsed at ${summary.plainCollapseRate}/s offered; /events/batched p95 there: ${p95 === undefined ? 'not measured' : `${p95.toFixed(1)} ms`}`);
  }
  for (const [name, run] of [[ENDPOINTS.plain.path, plain], [ENDPOINTS.batched.path, batched]] as const) {
    const offeredRate = limitingRate(run);
    const cpu = run.cpuByOfferedRate[offeredRate];
    console.log(`${describePeakBound(name, run)}; at ${offeredRate}/s: ${cpu === undefined ? 'CPU not measured' : whatBounds(cpu)}`);
    console.log(`${name} rows stored ${run.rowsStored}, answered OK ${run.answeredOk} (every acknowledged event is stored: ${run.rowsStored >= run.answeredOk ? 'yes' : 'NO'})`);
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const machine = describeMachine();
  const command = ['npm run demo:db', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`Write ingestion demo: ${command}\nMachine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  const backend = await chooseBackend(parseBackendArgument(process.argv.slice(2)));
  try {
    const batching = BATCHING_FOR_BACKEND[backend.name as keyof typeof BATCHING_FOR_BACKEND];
    console.log(`Database: ${backend.description}\nBatching: ${JSON.stringify(batching)}, partitioned by topic (4 topics)`);
    console.log(`Ramp: ${INGESTION_RAMP.offeredRates.join(' → ')} events/s, ${INGESTION_RAMP.stepSeconds} s per step, open-loop, 1 s client timeout; ` +
      `each endpoint stops after the step where more than 1% fail, or continues ${CONTINUATION_FACTOR}× a step while it holds ` +
      `(up to ${INGESTION_RAMP.maxOfferedRate}/s), then its peak is bracketed to within ${PEAK_TOLERANCE * 100}%.\n`);
    const plain = await runEndpoint(backend, 'plain', []);
    // The batched endpoint is measured where the plain one collapsed too, for the p95 there.
    const plainCollapse = collapseRate(plain.steps);
    const batched = await runEndpoint(backend, 'batched', plainCollapse === undefined ? [] : [plainCollapse]);

    const summary = summarizeServing(plain.steps, batched.steps);
    const svg = await renderServingChart({
      title: `Write ingestion on ${machine.cores} cores: one INSERT per request vs rx-batcher`,
      subtitle: backend.description,
      plain: plain.steps,
      batched: batched.steps,
      endpoints: ENDPOINTS,
    });
    await mkdir(RESULTS_DIRECTORY, { recursive: true });
    const svgPath = join(RESULTS_DIRECTORY, `ingestion-${backend.name}.svg`);
    const jsonPath = join(RESULTS_DIRECTORY, `ingestion-${backend.name}.json`);
    await writeFile(svgPath, svg);
    const data = { command, machine, backend: { name: backend.name, description: backend.description }, batching, plan: INGESTION_RAMP, summary, endpoints: { plain, batched } };
    await writeFile(jsonPath, `${JSON.stringify(data, null, 2)}\n`);

    console.log(`\n${formatResultsTable(plain.steps, batched.steps, ENDPOINTS)}\n`);
    printHeadline(summary, plain, batched);
    console.log(`Chart: ${relative(process.cwd(), svgPath)}\nData:  ${relative(process.cwd(), jsonPath)}`);
    console.log(`Total time: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    await backend.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
