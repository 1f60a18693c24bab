import type { ComparedEndpoints } from './compared-endpoints.js';
import type { LoadStepResult } from './load-step.js';

/**
 * Formats both endpoints' steps side by side, one row per offered rate, as a Markdown table that reads
 * the same in a terminal and in the README. A dash means the endpoint's ramp had already stopped.
 *
 * @param endpoints - names the two endpoints' columns.
 */
export function formatResultsTable(plain: readonly LoadStepResult[], batched: readonly LoadStepResult[], endpoints: ComparedEndpoints): string {
  const offeredRates = [...new Set([...plain, ...batched].map((step) => step.offeredRate))].sort((a, b) => a - b);
  const columns = (path: string) => `${path} ok req/s | p50 ms | p95 ms | p99 ms | failed`;
  const header = [
    `| offered req/s | ${columns(endpoints.plain.path)} | ${columns(endpoints.batched.path)} |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const rows = offeredRates.map((rate) => {
    const cells = [String(rate), ...stepCells(plain.find((s) => s.offeredRate === rate)), ...stepCells(batched.find((s) => s.offeredRate === rate))];
    return `| ${cells.join(' | ')} |`;
  });
  return [...header, ...rows].join('\n');
}

function stepCells(step: LoadStepResult | undefined): string[] {
  if (step === undefined) return ['—', '—', '—', '—', '—'];
  const { p50, p95, p99 } = step.latencyMs;
  return [step.achievedRate.toFixed(0), formatMs(p50), formatMs(p95), formatMs(p99), formatFailures(step)];
}

function formatMs(value: number): string {
  if (Number.isNaN(value)) return '—';
  // A timed-out request is recorded at the timeout, so a percentile there means "at least this".
  if (value >= 1000) return '≥1000';
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

function formatFailures(step: LoadStepResult): string {
  const percent = `${(step.failureRatio * 100).toFixed(step.failureRatio === 0 ? 0 : 2)}%`;
  const reasons = [
    step.timeouts > 0 ? `${step.timeouts} timeouts` : '',
    step.non2xx > 0 ? `${step.non2xx} non-2xx` : '',
    step.connectionErrors > 0 ? `${step.connectionErrors} conn. errors` : '',
  ].filter(Boolean);
  return reasons.length === 0 ? percent : `${percent} (${reasons.join(', ')})`;
}
