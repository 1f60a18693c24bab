import type { BenchmarkCase } from '../cases/benchmark-case.js';
import type { CaseReport } from '../harness/run-case.js';
import { formatRatio } from './ratio.js';

/** A Markdown table, so a run's output can go into the README as it is. */
function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * The case's heading and table: every metric's summary, the ratio to the baseline, and, for metrics measured
 * once per round, the range over the rounds, so a noisy result shows as noisy.
 */
export function formatCaseTable(benchCase: BenchmarkCase, report: CaseReport, baselineName: string): string {
  const ratioMetric = benchCase.metrics.find((metric) => metric.key === report.ratioMetricKey);
  const header = ['contender', ...benchCase.metrics.map((metric) => metric.label)];
  if (ratioMetric !== undefined) header.push(`× ${baselineName}`, 'rounds min–max');

  const rows = report.rows.map((row) => {
    const cells = [row.contender, ...benchCase.metrics.map((metric) => metric.format(row.values[metric.key]))];
    if (ratioMetric !== undefined) {
      const perRound = row.samples[ratioMetric.sampleKey] ?? [];
      cells.push(
        row.ratioToBaseline === undefined ? '—' : formatRatio(row.ratioToBaseline),
        perRound.length === 0
          ? '—'
          : `${ratioMetric.format(Math.min(...perRound))}–${ratioMetric.format(Math.max(...perRound))}`,
      );
    }
    return cells;
  });
  return `### ${report.title}\n${report.description}\n\n${markdownTable(header, rows)}\n`;
}
