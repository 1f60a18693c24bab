/**
 * `npm run bench`: every case of issue 4, issue 9's per-request batcher and issue 11's partitions, each with every
 * contender it applies to, in one process, rotating the running order each round; prints Markdown tables of
 * medians with ratios to dataloader, checks the issues' targets, and writes everything to bench/results/latest.json.
 *
 * Flags: `--smoke` (or BENCH_SMOKE=1) for tiny sizes that only check every request settles;
 * `--cases=burst,stream` and `--contenders=rx-batcher,dataloader` to run a subset (case ids: burst, closed-loop,
 * memory, lone-request-latency, full-batch-latency, stream, per-request, per-request-default-delay, partitions);
 * `--out=path.json` to write the results elsewhere; `--cold` to time each throughput run straight after the
 * gc, without the untimed warm-up run on the same batcher (see `timeOneRun`); `--rounds=9` for more measured
 * rounds; `--builds=before:.scratch/before,after:.scratch/after` to add CommonJS builds of rx-batcher as
 * contenders `rx-batcher@before` and `rx-batcher@after`, so two commits race in one run. Run under
 * `node --expose-gc --import tsx`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { allCases } from './cases/all-cases.js';
import { buildContenders } from './contenders/builds.js';
import { allContenders, baselineContenderName, ourContenderName, streamFloorContenderName } from './contenders/all-contenders.js';
import { collectGarbage } from './harness/garbage.js';
import { runCase, type CaseReport } from './harness/run-case.js';
import { warmupRuns } from './harness/time-one-run.js';
import { describeMachine, formatMachine } from './report/machine.js';
import { formatCaseTable } from './report/table.js';
import { checkTargets } from './report/targets.js';
import { fullSizes, smokeSizes } from './sizes.js';

function flagValue(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

function selected<T extends { readonly name?: string; readonly id?: string }>(all: readonly T[], flag: string): T[] {
  const wanted = flagValue(flag)?.split(',');
  if (wanted === undefined) return [...all];
  const picked = all.filter((item) => wanted.includes(item.id ?? item.name ?? ''));
  if (picked.length !== wanted.length) throw new Error(`--${flag}=${wanted.join(',')} names something unknown`);
  return picked;
}

async function main(): Promise<void> {
  const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
  const rounds = flagValue('rounds');
  const sizes = {
    ...(smoke ? smokeSizes : fullSizes),
    ...(rounds === undefined ? {} : { rounds: Number(rounds) }),
    coldRuns: process.argv.includes('--cold'),
  };
  const cases = selected(allCases, 'cases');
  const contenders = [...selected(allContenders, 'contenders'), ...buildContenders(flagValue('builds'))];
  const outputPath = flagValue('out') ?? (smoke ? undefined : path.join('bench', 'results', 'latest.json'));
  collectGarbage(); // fails early, with the fix, when --expose-gc is missing

  const machine = describeMachine();
  const command = `node ${process.execArgv.join(' ')} ${process.argv.slice(1).map((argument) => path.relative(process.cwd(), argument) || argument).join(' ')}`;
  const startedAt = new Date();
  console.log(`# rx-batcher benchmarks (${sizes.mode})`);
  console.log(`${formatMachine(machine)}`);
  console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event} → ` : ''}${command}`);
  console.log(
    `batch size ${sizes.shape.maxSize}, maxDelayMs ${sizes.shape.maxDelayMs}; ${sizes.warmupRounds} warm-up + ` +
      `${sizes.rounds} measured rounds per case, running order rotated each round; throughput and memory are ` +
      `medians of the rounds, latencies are percentiles of every request of every round; ` +
      (sizes.coldRuns
        ? 'cold: each throughput run is timed straight after a full gc\n'
        : `each timed throughput run follows a full gc and ${warmupRuns} untimed warm-up runs on the same batcher\n`),
  );

  const reports: CaseReport[] = [];
  for (const benchCase of cases) {
    const report = await runCase(benchCase, contenders, sizes, baselineContenderName, (line) =>
      process.stderr.write(`  … ${line}\n`),
    );
    reports.push(report);
    console.log(formatCaseTable(benchCase, report, baselineContenderName));
  }

  const targets = checkTargets(reports, sizes, {
    ours: ourContenderName,
    baseline: baselineContenderName,
    streamFloor: streamFloorContenderName,
  });
  // Smoke sizes are too small for speed or memory to mean anything; a smoke run only checks settlement.
  if (!smoke) {
    console.log('### targets (issues 4 and 9)');
    for (const { target, measured, holds } of targets) {
      console.log(`- ${holds === undefined ? '·' : holds ? '✓' : '✗'} ${target}: ${measured}`);
    }
  }
  const durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
  console.log(`\nfinished in ${durationSeconds.toFixed(0)} s`);

  if (outputPath !== undefined) {
    mkdirSync(path.dirname(outputPath), { recursive: true });
    const results = {
      mode: sizes.mode,
      startedAt: startedAt.toISOString(),
      durationSeconds,
      command,
      machine,
      sizes,
      warmupRunsBeforeEachTimedRun: sizes.coldRuns ? 0 : warmupRuns,
      baseline: baselineContenderName,
      contenders: contenders.map(({ name, description }) => ({ name, description })),
      cases: reports.map((report) => ({
        ...report,
        metrics: cases
          .find((benchCase) => benchCase.id === report.id)!
          .metrics.map(({ key, label, better }) => ({ key, label, better })),
      })),
      targets,
    };
    writeFileSync(outputPath, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${outputPath}`);
  }

  const failures = reports.flatMap((report) => report.failures);
  if (failures.length > 0) {
    console.error(`\n${failures.length} run(s) failed:\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
    process.exitCode = 1;
  } else if (smoke) {
    console.log(`bench smoke: every request of ${reports.length} cases settled with its own result`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
