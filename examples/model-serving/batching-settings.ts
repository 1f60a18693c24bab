import type { ModelKind } from './prediction-model.js';
import type { ServerBatchingOptions } from './server.js';

/**
 * How `/optimized_predict` batches for each model.
 *
 * The server cuts a batch whenever the model can take one (see `createServer`), so `maxDelayMs` is only
 * a backstop. `maxQueueSize` is roughly one second of model
 * work: past it a request would outlive the 1 s client timeout, so an immediate 503 is kinder than a
 * late answer.
 */
export const BATCHING_FOR_MODEL: Record<ModelKind, ServerBatchingOptions> = {
  // 11 ms + 0.01 ms per row: 200 rows (the seed's batch size) in ~13 ms.
  seed: { maxSize: 200, maxDelayMs: 20, maxQueueSize: 10_000 },
  // ~6 ms for one row, ~0.7 ms per row in large batches: 256 rows in ~180 ms.
  real: { maxSize: 256, maxDelayMs: 250, maxQueueSize: 1_500 },
};
