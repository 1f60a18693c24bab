/**
 * Rows per second into each backend found here — SQLite always; PostgreSQL and Redis when a server is given by
 * URL or can be started — one row per call against rx-batcher with batch sizes 1, 10, 100 and 1,000, all in one
 * run. Prints a Markdown table and writes `bench/results/db.{json,svg}`.
 *
 *   npm run bench:db
 *   npm run bench:db -- --rounds=5 --seconds=2
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { EventStore } from '../../examples/events/eventStore.js';
import { openEventStore, postgresBackend, redisBackend, sqliteBackend, type Backend } from '../../examples/ingestion-server/backends.js';
import { describeMachine } from '../../examples/model-serving/machine-info.js';
import { renderDbChart, type DbChartPoint } from './db-chart.js';
import { describeMode, measureWrites, type WriteMeasurement, type WriteMode } from './measure-writes.js';

const RESULTS_DIRECTORY = join(__dirname, '..', 'results');
const MODES: readonly WriteMode[] = [{ kind: 'one-per-call' }, ...[1, 10, 100, 1_000].map((maxSize): WriteMode => ({ kind: 'batched', maxSize }))];
// Four calls at once in every mode: PostgreSQL's pool holds four connections, node-redis pipelines concurrent
// commands on its one connection, and SQLite writes one at a time whatever the count.
const CONCURRENCY = 4;
const PAYLOAD = JSON.stringify({ user: 123_456, action: 'page_view', path: '/items/4242', ms: 1234 });

/** Each mode writes to a table (a stream) of its own, so its rows can be counted at the end. */
function topicOf(mode: WriteMode): string {
  return `bench_${mode.kind === 'one-per-call' ? 'one' : `batched_${mode.maxSize}`}`;
}

function parseArguments(argv: readonly string[]): { rounds: number; seconds: number } {
  const parsed = { rounds: 3, seconds: 1.5 };
  for (const argument of argv) {
    const match = /^--(rounds|seconds)=(\d+(\.\d+)?)$/.exec(argument);
    if (match === null) throw new Error(`Unknown argument \`${argument}\`; usage: run.ts [--rounds=N] [--seconds=S]`);
    parsed[match[1] as 'rounds' | 'seconds'] = Number(match[2]);
  }
  return parsed;
}

/** Every mode, `rounds` times, the order rotated each round so no mode always runs on a cold or a full table. */
async function measureBackend(store: EventStore, rounds: number, seconds: number): Promise<Record<string, WriteMeasurement[]>> {
  const byMode: Record<string, WriteMeasurement[]> = Object.fromEntries(MODES.map((mode) => [describeMode(mode), []]));
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < MODES.length; offset++) {
      const mode = MODES[(round + offset) % MODES.length];
      const topic = topicOf(mode);
      const makeEvent = (index: number) => ({ id: `${round}-${index}`, topic, payload: PAYLOAD });
      byMode[describeMode(mode)].push(await measureWrites({ store, mode, topic, concurrency: CONCURRENCY, durationMs: seconds * 1000, makeEvent }));
    }
  }
  await checkEveryRowStored(store, byMode);
  return byMode;
}

/** Exits with an error unless each mode's table holds exactly the rows its measurements wrote. */
async function checkEveryRowStored(store: EventStore, byMode: Record<string, WriteMeasurement[]>): Promise<void> {
  for (const mode of MODES) {
    const written = byMode[describeMode(mode)].reduce((sum, measurement) => sum + measurement.rows, 0);
    const stored = await store.count(topicOf(mode));
    if (stored !== written) throw new Error(`${store.name} ${describeMode(mode)}: wrote ${written} rows, found ${stored}`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function formatTable(points: readonly DbChartPoint[], backends: readonly string[]): string {
  const modes = MODES.map(describeMode);
  const rate = (backend: string, mode: string) => points.find((p) => p.backend === backend && p.mode === mode)!.rowsPerSecond;
  const header = [`| backend | ${modes.join(' | ')} | batched 1,000 ÷ one per call |`, `|---|${modes.map(() => '---:').join('|')}|---:|`];
  const rows = backends.map((backend) => {
    const cells = modes.map((mode) => Math.round(rate(backend, mode)).toLocaleString('en-US'));
    return `| ${backend} | ${cells.join(' | ')} | ${(rate(backend, 'batched 1,000') / rate(backend, 'one row per call')).toFixed(0)}× |`;
  });
  return [...header, ...rows].join('\n');
}

async function findBackends(): Promise<Backend[]> {
  const found: Backend[] = [sqliteBackend()];
  for (const [name, lookUp] of [['PostgreSQL', postgresBackend], ['Redis', redisBackend]] as const) {
    const backend = await lookUp();
    if (typeof backend === 'string') console.log(`${name} skipped: ${backend}.`);
    else found.push(backend);
  }
  return found;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { rounds, seconds } = parseArguments(process.argv.slice(2));
  const machine = describeMachine();
  const command = ['npm run bench:db', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`${command}\nMachine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  console.log(`${rounds} rounds of ${seconds} s per mode and backend, ${CONCURRENCY} calls at once; medians of rows/s.`);
  const backends = await findBackends();
  const results: Array<{ backend: string; description: string; byMode: Record<string, WriteMeasurement[]> }> = [];
  try {
    for (const backend of backends) {
      console.log(`${backend.name}: ${backend.description}`);
      const store = await openEventStore(backend.name, backend.connection);
      try {
        results.push({ backend: backend.name, description: backend.description, byMode: await measureBackend(store, rounds, seconds) });
      } finally {
        await store.close();
      }
    }
  } finally {
    await Promise.all(backends.map((backend) => backend.stop()));
  }

  const points: DbChartPoint[] = results.flatMap(({ backend, byMode }) =>
    Object.entries(byMode).map(([mode, measurements]) => ({ backend, mode, rowsPerSecond: median(measurements.map((m) => m.rowsPerSecond)) })),
  );
  const table = formatTable(points, results.map((result) => result.backend));
  const svg = await renderDbChart(`Rows written per second on ${machine.cores} cores: one row per call vs rx-batcher`, command, points, MODES.map(describeMode));
  await mkdir(RESULTS_DIRECTORY, { recursive: true });
  const jsonPath = join(RESULTS_DIRECTORY, 'db.json');
  const svgPath = join(RESULTS_DIRECTORY, 'db.svg');
  await writeFile(svgPath, svg);
  await writeFile(jsonPath, `${JSON.stringify({ command, machine, rounds, seconds, concurrency: CONCURRENCY, medians: points, results }, null, 2)}\n`);
  console.log(`\n${table}\n\nChart: ${relative(process.cwd(), svgPath)}\nData:  ${relative(process.cwd(), jsonPath)}`);
  console.log(`Total time: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
