/**
 * Minified + gzipped size of each public entry point, the way a user's bundler sees the published package.
 *
 * Bundles `dist/esm` (what `npm publish` ships and what `"import"` resolves to), so run `npm run build` first;
 * `npm run size` and `npm run size:check` do. Each entry is measured twice: with `rxjs` external (rx-batcher's own
 * code) and with rxjs bundled and tree-shaken (what a user's bundle gains when rxjs is not in it yet).
 *
 * Usage: tsx bench/size/measure.ts [--check] [--markdown]
 *   --check     exit 1 when an entry is over its budget (BUDGETS below)
 *   --markdown  print the table as Markdown (for bench/README.md)
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const repo = resolve(__dirname, '../..');
const main = JSON.stringify(join(repo, 'dist/esm/src/index.js'));
const operators = JSON.stringify(join(repo, 'dist/esm/operators/index.js'));

/** What a user writes: each entry imports one public thing and keeps it alive. */
const ENTRIES: ReadonlyArray<{ readonly name: string; readonly source: string }> = [
  {
    name: 'createBatcher',
    source: `import { createBatcher } from ${main};\nexport const batcher = createBatcher((keys) => Promise.resolve(keys));`,
  },
  { name: 'rx-batcher (whole)', source: `export * from ${main};` },
  { name: 'rx-batcher/operators (whole)', source: `export * from ${operators};` },
  { name: 'bufferTimeOrCount', source: `export { bufferTimeOrCount } from ${operators};` },
  { name: 'batchRequests', source: `export { batchRequests } from ${operators};` },
  {
    name: 'dataloader (for comparison)',
    source: `import DataLoader from 'dataloader';\nexport const loader = new DataLoader((keys) => Promise.resolve(keys));`,
  },
];

/**
 * Budgets in kB (1000 bytes) gzipped: [rxjs external, rxjs bundled]: each entry's size as last measured, rounded up
 * to the next 0.1 kB, so nothing grows unnoticed. The batching policies (weights, partitions, retry, dedupe) are
 * options of `createBatcher` and the operators, so every entry that takes options carries their code. Lower a
 * budget when a change shrinks its entry; the history of each figure is in the commit messages of this file.
 */
const BUDGETS: Readonly<Record<string, readonly [number, number]>> = {
  createBatcher: [12.6, 18.0],
  'rx-batcher (whole)': [13.8, 19.5],
  'rx-batcher/operators (whole)': [10.1, 15.8],
  bufferTimeOrCount: [4.1, 9.6],
  batchRequests: [9.8, 15.2],
};

interface Measurement {
  readonly name: string;
  readonly withoutRxjs: number;
  readonly withRxjs: number;
}

async function gzippedBytes(source: string, rxjsExternal: boolean): Promise<number> {
  const result = await build({
    stdin: { contents: source, resolveDir: repo, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: rxjsExternal ? ['rxjs', 'rxjs/*'] : [],
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

async function measureAll(): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const { name, source } of ENTRIES) {
    rows.push({ name, withoutRxjs: await gzippedBytes(source, true), withRxjs: await gzippedBytes(source, false) });
  }
  return rows;
}

const kB = (bytes: number): string => (bytes / 1000).toFixed(2);

function printTable(rows: readonly Measurement[], markdown: boolean): void {
  const header = ['entry point', 'min+gz, rxjs external (kB)', 'min+gz, rxjs bundled (kB)', 'budget (kB)'];
  const lines = rows.map((row) => {
    const budget = BUDGETS[row.name];
    return [row.name, kB(row.withoutRxjs), kB(row.withRxjs), budget ? `${budget[0]} / ${budget[1]}` : '—'];
  });
  if (markdown) {
    console.log(`| ${header.join(' | ')} |\n|---|--:|--:|--:|`);
    for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    console.log(format(header));
    for (const line of lines) console.log(format(line));
  }
  console.log('\nesbuild, minified, ESM, tree-shaken, gzip level 9, from dist/esm; 1 kB = 1000 bytes.');
}

/** Over-budget messages, comparing exact bytes with the budget. */
function overBudget(rows: readonly Measurement[]): string[] {
  const failures: string[] = [];
  for (const row of rows) {
    const budget = BUDGETS[row.name];
    if (!budget) continue;
    const checks: Array<[string, number, number]> = [
      ['rxjs external', row.withoutRxjs, budget[0]],
      ['rxjs bundled', row.withRxjs, budget[1]],
    ];
    for (const [variant, bytes, limit] of checks) {
      if (bytes > limit * 1000) {
        failures.push(`${row.name} (${variant}) is ${kB(bytes)} kB gzipped, over its budget of ${limit} kB`);
      }
    }
  }
  return failures;
}

async function main_(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  if (!existsSync(join(repo, 'dist/esm/src/index.js'))) {
    console.error('dist/esm is missing: run `npm run build` first (or `npm run size`, which does).');
    process.exit(1);
  }
  const rows = await measureAll();
  printTable(rows, args.has('--markdown'));
  if (!args.has('--check')) return;
  const failures = overBudget(rows);
  if (failures.length > 0) {
    console.error('\nBundle size over budget (budgets in bench/size/measure.ts, BUDGETS):');
    for (const failure of failures) console.error(`  - ${failure}`);
    process.exit(1);
  }
  console.log('\nEvery entry point is within its size budget.');
}

main_().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
