import type { ComparedEndpoints } from './compared-endpoints.js';
import type { LoadStepResult } from './load-step.js';
import { CLIENT_TIMEOUT_SECONDS } from './ramp-plan.js';

export interface ServingChartInput {
  title: string;
  subtitle: string;
  plain: readonly LoadStepResult[];
  batched: readonly LoadStepResult[];
  /** Names the two endpoints in the legend. */
  endpoints: ComparedEndpoints;
}

/**
 * Draws achieved throughput and p95 latency against offered rate for both endpoints, as SVG, with
 * vega-lite compiled to vega and rendered headless (no browser, no canvas).
 *
 * @returns the SVG document.
 */
export async function renderServingChart({ title, subtitle, plain, batched, endpoints }: ServingChartInput): Promise<string> {
  // vega and vega-lite ship only as ES modules; a dynamic import loads them from this CommonJS file.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');

  const toPoints = (endpoint: string, steps: readonly LoadStepResult[]) =>
    steps.map((step) => ({
      endpoint,
      offeredRate: step.offeredRate,
      achievedRate: Math.round(step.achievedRate),
      p95Ms: Math.max(1, Math.round(step.latencyMs.p95 * 10) / 10),
    }));
  const plainLabel = endpoints.plain.legend;
  const batchedLabel = endpoints.batched.legend;
  const points = [...toPoints(plainLabel, plain), ...toPoints(batchedLabel, batched)];
  const offeredRates = points.map((point) => point.offeredRate);
  // Every offered rate, so the "all answered" reference line follows the same log scales as the data.
  const ideal = [...new Set(offeredRates)].map((rate) => ({ offeredRate: rate, achievedRate: rate }));

  const color = {
    field: 'endpoint',
    type: 'nominal',
    title: null,
    scale: { domain: [plainLabel, batchedLabel], range: ['#d62728', '#1f77b4'] },
    legend: { orient: 'bottom', labelLimit: 0 },
  } as const;
  // Log scale: the plain endpoint's whole range fits in the first steps, the batched one's runs 30× further.
  const offeredAxis = { field: 'offeredRate', type: 'quantitative', title: 'offered load (requests/s, log scale)', scale: { type: 'log', nice: false } } as const;

  const spec: import('vega-lite').TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle, offset: 16 },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    hconcat: [
      {
        width: 380,
        height: 260,
        title: 'Successful throughput (dashed: all answered)',
        layer: [
          {
            data: { values: ideal },
            mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
            encoding: { x: offeredAxis, y: { field: 'achievedRate', type: 'quantitative', scale: { type: 'log' } } },
          },
          {
            data: { values: points },
            mark: { type: 'line', point: true },
            encoding: {
              x: offeredAxis,
              y: { field: 'achievedRate', type: 'quantitative', title: 'answered OK within 1 s (requests/s, log scale)', scale: { type: 'log' } },
              color,
            },
          },
        ],
      },
      {
        width: 380,
        height: 260,
        title: 'p95 latency (timeouts count as 1 s)',
        layer: [
          {
            data: { values: [{ timeoutMs: CLIENT_TIMEOUT_SECONDS * 1000 }] },
            mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
            encoding: { y: { field: 'timeoutMs', type: 'quantitative' } },
          },
          {
            data: { values: points },
            mark: { type: 'line', point: true },
            encoding: {
              x: offeredAxis,
              y: { field: 'p95Ms', type: 'quantitative', title: 'p95 latency (ms, log scale)', scale: { type: 'log' } },
              color,
            },
          },
        ],
      },
    ],
  };

  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
