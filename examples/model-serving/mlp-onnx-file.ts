import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMlpOnnx, type MlpSpec } from './mlp-onnx-builder.js';

/**
 * The MLP the demo serves: 10 → 4096 → 4096 → 4096 → 1, 134 MB of float32 weights. Sized so one
 * prediction costs ~6 ms on one CPU thread because reading the weights dominates (as with large models),
 * while a batch of 200 reads them once: ~0.7 ms per row, about 9× cheaper per prediction.
 */
export const SERVING_MLP_SPEC: MlpSpec = { hiddenLayerSizes: [4096, 4096, 4096], seed: 20240611 };

/** Generated models live here; the folder is git-ignored and rebuilt on demand, so a fresh clone works. */
export const GENERATED_MODEL_DIRECTORY = join(__dirname, '.generated');

/** The file a spec is stored in; the name encodes the whole spec, so a changed spec never reuses a stale file. */
export function mlpOnnxPath(spec: MlpSpec): string {
  return join(GENERATED_MODEL_DIRECTORY, `mlp-10-${spec.hiddenLayerSizes.join('x')}-1-seed${spec.seed}.onnx`);
}

/**
 * Returns the path of the spec's `.onnx` file, generating it first if it is missing.
 * Writes to a temporary name and renames, so a run that is interrupted, or a test running alongside
 * the demo, never sees a half-written model.
 */
export async function ensureMlpOnnxFile(spec: MlpSpec): Promise<string> {
  const path = mlpOnnxPath(spec);
  if (existsSync(path)) return path;
  await mkdir(GENERATED_MODEL_DIRECTORY, { recursive: true });
  const temporaryPath = `${path}.${process.pid}.tmp`;
  await writeFile(temporaryPath, buildMlpOnnx(spec));
  await rename(temporaryPath, path);
  return path;
}
