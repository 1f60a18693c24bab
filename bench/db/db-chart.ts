/** One bar: a backend's median rows/s in one write mode. */
export interface DbChartPoint {
  backend: string;
  mode: string;
  rowsPerSecond: number;
}

/**
 * Draws rows/s per write mode, one panel per backend, as SVG (vega-lite compiled to vega, rendered headless,
 * as the serving chart is).
 */
export async function renderDbChart(title: string, subtitle: string, points: readonly DbChartPoint[], modes: readonly string[]): Promise<string> {
  // vega and vega-lite ship only as ES modules; a dynamic import loads them from this CommonJS file.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const spec: import('vega-lite').TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle, offset: 16 },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    data: { values: points.map((point) => ({ ...point, rowsPerSecond: Math.round(point.rowsPerSecond) })) },
    facet: { column: { field: 'backend', type: 'nominal', title: null } },
    spec: {
      width: 220,
      height: 260,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'mode', type: 'ordinal', sort: [...modes], title: null, axis: { labelAngle: -40 } },
            // Log scale: one row per call and batches of 1,000 differ by orders of magnitude.
            y: { field: 'rowsPerSecond', type: 'quantitative', title: 'rows written per second (log scale)', scale: { type: 'log' } },
            color: { field: 'mode', type: 'ordinal', sort: [...modes], legend: null, scale: { scheme: 'blues' } },
          },
        },
        {
          mark: { type: 'text', dy: -6, fontSize: 10 },
          encoding: {
            x: { field: 'mode', type: 'ordinal', sort: [...modes] },
            y: { field: 'rowsPerSecond', type: 'quantitative', scale: { type: 'log' } },
            text: { field: 'rowsPerSecond', type: 'quantitative', format: ',' },
          },
        },
      ],
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
