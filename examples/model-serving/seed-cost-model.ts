import { performance } from 'node:perf_hooks';
import { FEATURE_COUNT } from './features.js';
import type { PredictionModel } from './prediction-model.js';

/** The seed project's measured model cost: ~11 ms for one prediction, ~13 ms for a batch of 200. */
export const SEED_FIXED_COST_MS = 11;
export const SEED_COST_PER_ROW_MS = 0.01;

/**
 * A simulated model whose call takes `11 ms + 0.01 ms × n` of wall-clock time without using the CPU,
 * so our server can be compared with the seed's experiment on the same cost curve. Its answer is a
 * fixed linear function of the features, so results can still be checked exactly.
 *
 * @returns a `PredictionModel` named `seed`.
 */
export function createSeedCostModel(): PredictionModel {
  return {
    name: 'seed',
    description: `seed cost model (simulated): ${SEED_FIXED_COST_MS} ms + ${SEED_COST_PER_ROW_MS} ms × batch size per call, no CPU used`,
    async predict(featureRows) {
      const deadline = performance.now() + SEED_FIXED_COST_MS + SEED_COST_PER_ROW_MS * featureRows.length;
      await waitUntil(deadline);
      return featureRows.map(linearScore);
    },
    async close() {},
  };
}

function linearScore(features: Float32Array): number {
  let score = 0;
  for (let index = 0; index < FEATURE_COUNT; index++) score += (index + 1) * features[index];
  return Math.fround(score / FEATURE_COUNT);
}

// Node's timers are millisecond-grained and measured from the event loop's cached clock, so one
// setTimeout can fire slightly early; looping until the deadline keeps the simulated cost honest.
async function waitUntil(deadline: number): Promise<void> {
  for (let remaining = deadline - performance.now(); remaining > 0; remaining = deadline - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, remaining));
  }
}
