import { SERVING_MLP_SPEC } from './mlp-onnx-file.js';
import { createOnnxMlpModel } from './onnx-mlp-model.js';
import type { ModelKind, PredictionModel } from './prediction-model.js';
import { createSeedCostModel } from './seed-cost-model.js';

/** Creates the model `--model` names: `real` (ONNX MLP) or `seed` (the seed's simulated cost curve). */
export async function loadModel(kind: ModelKind): Promise<PredictionModel> {
  return kind === 'real' ? createOnnxMlpModel(SERVING_MLP_SPEC) : createSeedCostModel();
}
