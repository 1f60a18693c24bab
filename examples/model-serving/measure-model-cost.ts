import { performance } from 'node:perf_hooks';
import type { PredictionModel } from './prediction-model.js';
import { seededFeatureRows } from './request-bodies.js';

/** Median wall-clock cost of one model call, measured in the serving process before load starts. */
export interface ModelCost {
  singleRowMs: number;
  batchOf200Ms: number;
}

/**
 * Times `predict` on 1 row and on 200 rows (the seed's batch size), after a warm-up call each, so the
 * report states what one prediction really costs on this machine rather than what we hoped.
 */
export async function measureModelCost(model: PredictionModel, repetitions = 15): Promise<ModelCost> {
  const rows = seededFeatureRows(200, 99).map((row) => Float32Array.from(row));
  const medianCallMs = async (batch: Float32Array[], times: number) => {
    await model.predict(batch);
    const durations: number[] = [];
    for (let call = 0; call < times; call++) {
      const startedAt = performance.now();
      await model.predict(batch);
      durations.push(performance.now() - startedAt);
    }
    durations.sort((a, b) => a - b);
    return durations[Math.floor(durations.length / 2)];
  };
  return {
    singleRowMs: await medianCallMs(rows.slice(0, 1), repetitions),
    batchOf200Ms: await medianCallMs(rows, Math.ceil(repetitions / 3)),
  };
}
