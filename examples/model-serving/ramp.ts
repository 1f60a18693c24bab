import { Presets, SingleBar } from 'cli-progress';
import { waitForEndpointToRecover } from './endpoint-recovery.js';
import { runLoadStep, type LoadStepResult } from './load-step.js';
import { continueRamp, type RampEnd } from './ramp-continuation.js';
import {
  CLIENT_TIMEOUT_SECONDS,
  COLLAPSE_FAILURE_RATIO,
  CONTINUATION_FACTOR,
  GENERATOR_SENT_SHARE,
  MAX_REFINEMENT_STEPS,
  PEAK_TOLERANCE,
  withOfferedRates,
  type RampPlan,
} from './ramp-plan.js';
import { refinePeak } from './ramp-refinement.js';

const WARM_UP_SECONDS = 2;
// A backlog shorter than this is noise next to a step of seconds; waiting longer than this means the endpoint
// is stuck, and the next step will say so.
const RECOVERY = { answerWithinMs: 100, giveUpAfterMs: 20_000 };

export interface RampOptions {
  /** Full URL of the endpoint, e.g. `http://127.0.0.1:3000/predict`. */
  url: string;
  /** Label for the progress bar. */
  label: string;
  plan: RampPlan;
  /**
   * Rates to measure besides the plan's, e.g. where an endpoint ramped earlier collapsed, so the two can be
   * compared at the same offered load once refinement has picked rates off the plan.
   */
  alsoMeasureAt?: readonly number[];
  bodies: readonly string[];
  /** Called as each measured step starts (not the warm-up), e.g. to read CPU counters around it. */
  onStepStart?: (offeredRate: number) => void;
  /** Called with each measured step's result as it ends. */
  onStepEnd?: (result: LoadStepResult) => void;
}

export interface RampOutcome {
  /** One result per step that ran, in order of offered rate. */
  steps: LoadStepResult[];
  /** Why the ramp stopped rising: what bounds the endpoint's peak. */
  end: RampEnd;
}

/**
 * Warms the endpoint up, steps it through the plan's offered rates (and `alsoMeasureAt`) with a progress bar,
 * and stops after the first step where it collapses (more than 1% failed): past that point every step would
 * only fail the same way, slower. While every step holds, it keeps raising the rate 1.5× a step, up to the
 * plan's hard top or until the generator cannot send what it offers. Then it bisects between the last healthy
 * step and the first failing one until the endpoint's peak is within 10%.
 */
export async function rampEndpoint({ url, label, plan, alsoMeasureAt = [], bodies, onStepStart, onStepEnd }: RampOptions): Promise<RampOutcome> {
  const coarsePlan = withOfferedRates(plan, alsoMeasureAt);
  const progress = startProgress(label, coarsePlan.offeredRates.length);
  const step = async (offeredRate: number) => {
    progress.show(offeredRate);
    onStepStart?.(offeredRate);
    const durationSeconds = coarsePlan.stepSeconds;
    const result = await runLoadStep({ url, offeredRate, durationSeconds, clientTimeoutSeconds: CLIENT_TIMEOUT_SECONDS, bodies, live: progress.live });
    onStepEnd?.(result);
    progress.stepDone();
    return result;
  };

  try {
    // A fresh server's first requests pay for JIT compilation and lazy set-up; an unrecorded step at the
    // lowest rate keeps that cost out of the first measured step.
    progress.show(`${coarsePlan.offeredRates[0]} (warm-up)`);
    await runLoadStep({ url, offeredRate: coarsePlan.offeredRates[0], durationSeconds: WARM_UP_SECONDS, clientTimeoutSeconds: CLIENT_TIMEOUT_SECONDS, bodies });
    const coarse: LoadStepResult[] = [];
    for (const offeredRate of coarsePlan.offeredRates) {
      const result = await step(offeredRate);
      coarse.push(result);
      if (result.failureRatio > COLLAPSE_FAILURE_RATIO) break;
    }
    const continued = await continueRamp(
      coarse,
      (offeredRate) => {
        progress.addStep();
        return step(offeredRate);
      },
      { factor: CONTINUATION_FACTOR, maxOfferedRate: plan.maxOfferedRate, generatorSentShare: GENERATOR_SENT_SHARE },
    );
    const steps = await refinePeak(
      continued.steps,
      async (offeredRate) => {
        progress.addStep();
        await waitForEndpointToRecover(url, bodies[0], RECOVERY);
        return step(offeredRate);
      },
      { tolerance: PEAK_TOLERANCE, maxSteps: MAX_REFINEMENT_STEPS },
    );
    return { steps, end: continued.end };
  } finally {
    progress.stop();
  }
}

/** A progress bar with running totals of answers, refreshed while a step runs. */
function startProgress(label: string, plannedSteps: number) {
  const live = { succeeded: 0, failed: 0 };
  let total = plannedSteps;
  const bar = new SingleBar(
    {
      format: `${label.padEnd(18)} {bar} {value}/{total} steps | offered {offered}/s | ok {succeeded} | failed {failed}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { offered: '—', succeeded: 0, failed: 0 });
  const refresh = setInterval(() => bar.update({ succeeded: live.succeeded, failed: live.failed }), 250);
  return {
    live,
    show: (offered: number | string) => bar.update({ offered }),
    stepDone: () => bar.increment(1, { succeeded: live.succeeded, failed: live.failed }),
    addStep: () => bar.setTotal(++total),
    stop() {
      clearInterval(refresh);
      bar.stop();
    },
  };
}
