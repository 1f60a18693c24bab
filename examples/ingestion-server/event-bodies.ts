import { createSeededRandom } from '../model-serving/seeded-random.js';

/** The topics one endpoint's events go to: a few, so the batched endpoint's `partitionBy` has work to do. */
export function topicsFor(prefix: string, count = 4): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}_${index}`);
}

/**
 * Request bodies for the load generator: `{ topic, payload }` with no `id`, so the server gives every replay of
 * a body a new event. Drawn from a fixed seed, so every run sends the same bodies; payloads of ~100 bytes, the
 * size of a click or page-view event.
 */
export function seededEventBodies(count: number, topics: readonly string[], seed: number): string[] {
  const nextRandom = createSeededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const topic = topics[index % topics.length];
    const payload = JSON.stringify({ user: Math.floor(nextRandom() * 1e6), action: 'page_view', path: `/items/${Math.floor(nextRandom() * 1e4)}`, ms: Math.round(nextRandom() * 5000) });
    return JSON.stringify({ topic, payload });
  });
}
