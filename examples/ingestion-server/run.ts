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
import type { LoadStepResult } from '../model-serving/load-step.js';
import { describeMachine } from '../model-serving/machine-info.js';
import { rampEndpoint } from '../model-serving/ramp.js';
import { peakBracket } from '../model-serving/ramp-refinement.js';
import { formatResultsTable } from '../model-serving/results-table.js';
import { renderServingChart } from '../model-serving/serving-chart.js';
import { summarizeServing, type ServingSummary } from '../model-serving/serving-summary.js';
import { openEventStore, postgresBackend, sqliteBackend, type Backend } from './backends.js';
import { BATCHING_FOR_BACKEND } from './batching-settings.js';
import { postgresPids, startCpuWindow, type CpuUsage } from './cpu-usage.js';
import { seededEventBodies, topicsFor } from './event-bodies.js';
import { INGESTION_RAMP } from './ingestion-ramp-plan.js';
import { startIngestionChild } from './server-child.js';
import { whatBounds } from './what-bounds.js';

const RESULTS_DIRECTORY = join(__dirname, '..', '..', 'bench', 'results');

const ENDPOINTS = [
  { path: '/events', topicPrefix: 'plain', legend: '/events (one INSERT per request)' },
  { path: '/events/batched', topicPrefix: 'batched', legend: '/events/batched (rx-batcher, one multi-row INSERT per batch)' },
] as const;

interface EndpointRun {
  steps: LoadStepResult[];
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

async function runEndpoint(backend: Backend, endpoint: (typeof ENDPOINTS)[number]): Promise<EndpointRun> {
  const topics = topicsFor(endpoint.topicPrefix);
  const bodies = seededEventBodies(256, topics, 7);
  const cpuByOfferedRate: Record<number, CpuUsage> = {};
  const databasePids = backend.name === 'postgres' ? () => postgresPids(Number(new URL(backend.connection).port || 5432)) : () => [];
  // A fresh server per endpoint, so the plain endpoint's backlog after it collapses cannot slow the other.
  const server = await startIngestionChild(backend.name, backend.connection);
  let steps: LoadStepResult[];
  try {
    let endWindow: (() => CpuUsage) | undefined;
    steps = await rampEndpoint({
      url: server.url + endpoint.path,
      label: endpoint.path,
      plan: INGESTION_RAMP,
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
    const answeredOk = steps.reduce((sum, step) => sum + step.succeeded, 0);
    return { steps, cpuByOfferedRate, rowsStored: counts.reduce((a, b) => a + b, 0), answeredOk };
  } finally {
    await store.close();
  }
}

/** Where the endpoint stopped keeping up: the first failing step above its peak, or its top step if none failed. */
function limitingStep(run: EndpointRun): { offeredRate: number; cpu: CpuUsage | undefined; failed: boolean } {
  const failingRate = peakBracket(run.steps)?.failingRate;
  const offeredRate = failingRate ?? run.steps[run.steps.length - 1].offeredRate;
  return { offeredRate, cpu: run.cpuByOfferedRate[offeredRate], failed: failingRate !== undefined };
}

/** The model demo's table and chart name its endpoints; these name the ingestion ones. */
function renameEndpoints(text: string, names: { plain: string; batched: string }): string {
  // `/optimized_predict` holds `/predict`, so it is renamed first.
  return text
    .replaceAll('/optimized_predict (rx-batcher, one call per batch)', names.batched)
    .replaceAll('/predict (one model call per request)', names.plain)
    .replaceAll('/optimized_predict', '/events/batched')
    .replaceAll('/predict', '/events');
}

function printHeadline(summary: ServingSummary, plain: EndpointRun, batched: EndpointRun): void {
  console.log(
    `Peak successful events/s: /events ${summary.plainPeakRate.toFixed(0)}/s, /events/batched ${summary.batchedPeakRate.toFixed(0)}/s ` +
      `(≤ 0.1% failures up to it; worst ${(summary.batchedFailureRatioUpToPeak * 100).toFixed(2)}%) → ${summary.peakRatio.toFixed(1)}×`,
  );
  if (summary.plainCollapseRate === undefined) console.log('/events did not collapse within the ramp.');
  else {
    const p95 = summary.batchedP95AtPlainCollapseMs;
    console.log(`/events collapsed at ${summary.plainCollapseRate}/s offered; /events/batched p95 there: ${p95 === undefined ? 'not measured' : `${p95.toFixed(1)} ms`}`);
  }
  for (const [name, run] of [['/events', plain], ['/events/batched', batched]] as const) {
    const { offeredRate, cpu, failed } = limitingStep(run);
    const bound = cpu === undefined ? 'not measured' : whatBounds(cpu);
    console.log(failed ? `${name} failed at ${offeredRate}/s offered, bounded by ${bound}` : `${name} held to the ramp's top, ${offeredRate}/s (its peak is at least that); there: ${bound}`);
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
      'each endpoint stops after the step where more than 1% fail, then its peak is bracketed to within 10%.\n');
    const plain = await runEndpoint(backend, ENDPOINTS[0]);
    const batched = await runEndpoint(backend, ENDPOINTS[1]);

    const summary = summarizeServing(plain.steps, batched.steps);
    const names = { plain: ENDPOINTS[0].legend, batched: ENDPOINTS[1].legend };
    const svg = await renderServingChart({
      title: `Write ingestion on ${machine.cores} cores: one INSERT per request vs rx-batcher`,
      subtitle: backend.description,
      plain: plain.steps,
      batched: batched.steps,
    });
    await mkdir(RESULTS_DIRECTORY, { recursive: true });
    const svgPath = join(RESULTS_DIRECTORY, `ingestion-${backend.name}.svg`);
    const jsonPath = join(RESULTS_DIRECTORY, `ingestion-${backend.name}.json`);
    await writeFile(svgPath, renameEndpoints(svg, names));
    const data = { command, machine, backend: { name: backend.name, description: backend.description }, batching, plan: INGESTION_RAMP, summary, endpoints: { plain, batched } };
    await writeFile(jsonPath, `${JSON.stringify(data, null, 2)}\n`);

    console.log(`\n${renameEndpoints(formatResultsTable(plain.steps, batched.steps), names)}\n`);
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
