import { FEATURE_COUNT } from './features.js';
import { createSeededRandom } from './seeded-random.js';

/**
 * Feature vectors for load and tests, drawn from a fixed seed in [-1, 1) and rounded to float32,
 * so what the client sends is exactly what the model computes with.
 *
 * @param count - how many vectors.
 * @param seed - the same seed gives the same vectors.
 */
export function seededFeatureRows(count: number, seed: number): number[][] {
  const nextRandom = createSeededRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: FEATURE_COUNT }, () => Math.fround(nextRandom() * 2 - 1)),
  );
}
