import { InferenceSession, Tensor } from 'onnxruntime-node';
import { FEATURE_COUNT } from './features.js';
import { MLP_INPUT_NAME, MLP_OUTPUT_NAME, type MlpSpec } from './mlp-onnx-builder.js';
import { ensureMlpOnnxFile } from './mlp-onnx-file.js';
import type { PredictionModel } from './prediction-model.js';

/**
 * The real model: a generated MLP run by ONNX Runtime on one CPU thread. A batch of n rows is one
 * `[n, 10]` float32 tensor and one `session.run`, which is where batching saves work: the weights are
 * read once per call, not once per row.
 *
 * @param spec - which generated MLP to load; generated from its seed first if missing.
 * @returns a `PredictionModel` named `real`.
 */
export async function createOnnxMlpModel(spec: MlpSpec): Promise<PredictionModel> {
  const modelPath = await ensureMlpOnnxFile(spec);
  // One intra-op thread and sequential execution: the model is a single-threaded runtime, and the
  // other core is left to the HTTP server and the load generator.
  const session = await InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const layerSizes = [FEATURE_COUNT, ...spec.hiddenLayerSizes, 1].join(' → ');

  return {
    name: 'real',
    description: `real model: MLP ${layerSizes} (float32, seed ${spec.seed}) in ONNX Runtime, 1 thread`,
    async predict(featureRows) {
      const input = new Float32Array(featureRows.length * FEATURE_COUNT);
      featureRows.forEach((row, rowIndex) => input.set(row, rowIndex * FEATURE_COUNT));
      const outputs = await session.run({
        [MLP_INPUT_NAME]: new Tensor('float32', input, [featureRows.length, FEATURE_COUNT]),
      });
      return Array.from(outputs[MLP_OUTPUT_NAME].data as Float32Array);
    },
    async close() {
      await session.release();
    },
  };
}
