import { Presets, SingleBar } from 'cli-progress';

/** Shows how far the soak is; `update` is cheap enough to call a few times a second. */
export interface ProgressReporter {
  update(settled: number): void;
  stop(): void;
}

/** A plain line at every tenth of the way, instead of a bar redrawn in place. */
const plainLineSteps = 10;

/**
 * A `cli-progress` bar on an interactive terminal; in CI (`CI` set) or when stderr is not a terminal, where a
 * redrawn bar turns into thousands of lines of escape codes in a log, a plain line every tenth of the way.
 *
 * @param total Requests the soak will settle.
 */
export function createProgressReporter(total: number): ProgressReporter {
  const startedAt = performance.now();
  const rate = (settled: number) => Math.round(settled / Math.max((performance.now() - startedAt) / 1000, 1e-3));

  if (process.env.CI || !process.stderr.isTTY) {
    let stepsReached = 0;
    return {
      update(settled) {
        const steps = Math.floor((settled * plainLineSteps) / total);
        if (steps <= stepsReached) return;
        stepsReached = steps;
        const seconds = (performance.now() - startedAt) / 1000;
        console.log(
          `soak: ${Math.floor((settled * 100) / total)}%, ${settled.toLocaleString('en-US')} of ` +
            `${total.toLocaleString('en-US')} settled in ${seconds.toFixed(1)} s ` +
            `(${rate(settled).toLocaleString('en-US')} requests/s)`,
        );
      },
      stop() {},
    };
  }

  const bar = new SingleBar(
    {
      format: 'soak [{bar}] {percentage}% | {value}/{total} settled | {rate} requests/s | ETA {eta_formatted}',
      formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? value.toLocaleString('en-US') : String(value)),
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0' });
  return {
    update: (settled) => bar.update(settled, { rate: rate(settled).toLocaleString('en-US') }),
    stop: () => bar.stop(),
  };
}
