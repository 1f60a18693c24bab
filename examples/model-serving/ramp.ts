import { Presets, SingleBar } from 'cli-progress';
import { runLoadStep, type LoadStepResult } from './load-step.js';
import { CLIENT_TIMEOUT_SECONDS, COLLAPSE_FAILURE_RATIO, type RampPlan } from './ramp-plan.js';

const WARM_UP_SECONDS = 2;

export interface RampOptions {
  /** Full URL of the endpoint, e.g. `http://127.0.0.1:3000/predict`. */
  url: string;
  /** Label for the progress bar. */
  label: string;
  plan: RampPlan;
  bodies: readonly string[];
}

/**
 * Warms the endpoint up, then steps it through the plan's offered rates, one at a time, with a progress bar, and stops
 * after the first step where it collapses (more than 1% failed): past that point every step would only
 * fail the same way, slower.
 *
 * @returns one result per step that ran, in order.
 */
export async function rampEndpoint({ url, label, plan, bodies }: RampOptions): Promise<LoadStepResult[]> {
  const results: LoadStepResult[] = [];
  const live = { succeeded: 0, failed: 0 };
  const bar = new SingleBar(
    {
      format: `${label.padEnd(18)} {bar} {value}/{total} steps | offered {offered}/s | ok {succeeded} | failed {failed}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    Presets.shades_classic,
  );
  bar.start(plan.offeredRates.length, 0, { offered: plan.offeredRates[0], succeeded: 0, failed: 0 });
  const refresh = setInterval(() => bar.update({ succeeded: live.succeeded, failed: live.failed }), 250);

  try {
    // A fresh server's first requests pay for JIT compilation and lazy set-up; an unrecorded step at the
    // lowest rate keeps that cost out of the first measured step.
    bar.update({ offered: `${plan.offeredRates[0]} (warm-up)` });
    await runLoadStep({
      url,
      offeredRate: plan.offeredRates[0],
      durationSeconds: WARM_UP_SECONDS,
      clientTimeoutSeconds: CLIENT_TIMEOUT_SECONDS,
      bodies,
    });
    for (const offeredRate of plan.offeredRates) {
      bar.update({ offered: offeredRate });
      const result = await runLoadStep({
        url,
        offeredRate,
        durationSeconds: plan.stepSeconds,
        clientTimeoutSeconds: CLIENT_TIMEOUT_SECONDS,
        bodies,
        live,
      });
      results.push(result);
      bar.increment(1, { succeeded: live.succeeded, failed: live.failed });
      if (result.failureRatio > COLLAPSE_FAILURE_RATIO) break;
    }
  } finally {
    clearInterval(refresh);
    bar.stop();
  }
  return results;
}
