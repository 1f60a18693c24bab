import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FEATURE_COUNT } from './features.js';
import { MLP_INPUT_NAME, MLP_OUTPUT_NAME, type MlpSpec } from './mlp-onnx-builder.js';
import { ensureMlpOnnxFile } from './mlp-onnx-file.js';
import type { PredictionModel } from './prediction-model.js';

type WorkerReply = { ready: true } | { output: Float32Array } | { error: string };

/**
 * The real model: a generated MLP run by ONNX Runtime (one CPU thread) on a worker thread. A batch of
 * n rows is one `[n, 10]` float32 tensor and one `session.run`, which is where batching saves work: the
 * weights are read once per call, not once per row.
 *
 * Why a worker thread: `session.run` in onnxruntime-node blocks the thread that calls it. On the main
 * thread, the server could not even read the requests that arrive while the model works, so batches
 * would stay tiny; on a worker, requests keep arriving while the model runs, as they do in front of a GPU.
 * Calls must not overlap: wrap the model with `oneCallAtATime` (the server does).
 *
 * @param spec - which generated MLP to load; generated from its seed first if missing.
 * @returns a `PredictionModel` named `real`.
 */
export async function createOnnxMlpModel(spec: MlpSpec): Promise<PredictionModel> {
  const modelPath = await ensureMlpOnnxFile(spec);
  const worker = new Worker(join(__dirname, 'onnx-session-worker.cjs'), {
    workerData: { modelPath, inputName: MLP_INPUT_NAME, outputName: MLP_OUTPUT_NAME, featureCount: FEATURE_COUNT },
  });
  const nextReply = () =>
    new Promise<WorkerReply>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        worker.off('error', onError);
        resolve(reply);
      };
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });

  const loaded = await nextReply();
  if ('error' in loaded) {
    await worker.terminate();
    throw new Error(`ONNX Runtime could not load ${modelPath}: ${loaded.error}`);
  }
  const layerSizes = [FEATURE_COUNT, ...spec.hiddenLayerSizes, 1].join(' → ');

  return {
    name: 'real',
    description: `real model: MLP ${layerSizes} (float32, seed ${spec.seed}) in ONNX Runtime, 1 thread`,
    async predict(featureRows) {
      const input = new Float32Array(featureRows.length * FEATURE_COUNT);
      featureRows.forEach((row, rowIndex) => input.set(row, rowIndex * FEATURE_COUNT));
      const reply = nextReply();
      worker.postMessage({ input, rows: featureRows.length }, [input.buffer]);
      const answer = await reply;
      if ('error' in answer) throw new Error(`ONNX Runtime failed: ${answer.error}`);
      if (!('output' in answer)) throw new Error('The ONNX worker answered a prediction with something else');
      return Array.from(answer.output);
    },
    async close() {
      await worker.terminate();
    },
  };
}
