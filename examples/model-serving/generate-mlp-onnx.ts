/**
 * Generates the demo's ONNX model from its fixed seed (if it is not there yet) and prints where it is.
 * The demo and the test call the same function themselves; this script is for building it ahead of time:
 *   npx tsx examples/model-serving/generate-mlp-onnx.ts
 */
import { statSync } from 'node:fs';
import { ensureMlpOnnxFile, SERVING_MLP_SPEC } from './mlp-onnx-file.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const path = await ensureMlpOnnxFile(SERVING_MLP_SPEC);
  const megabytes = statSync(path).size / 1e6;
  console.log(`${path} (${megabytes.toFixed(1)} MB, ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
