// Runs one ONNX Runtime session on a worker thread, one `run` per message, answering in order.
//
// Plain JavaScript on purpose: worker threads start without the TypeScript loader that tsx or jest gives
// the main thread, so a `.ts` worker would not load under both. The protocol is typed on the other side,
// in onnx-mlp-model.ts.
//
// workerData: { modelPath: string, inputName: string, outputName: string, featureCount: number }
// request:    { input: Float32Array (rows × featureCount, transferred), rows: number }
// reply:      { output: Float32Array (transferred) } or { error: string }
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { InferenceSession, Tensor } = require('onnxruntime-node');

async function serve() {
  const { modelPath, inputName, outputName, featureCount } = workerData;
  // One intra-op thread and sequential execution: the model is a single-threaded runtime, and the
  // other core is left to the HTTP server and the load generator.
  const session = await InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  parentPort.on('message', async ({ input, rows }) => {
    try {
      const outputs = await session.run({ [inputName]: new Tensor('float32', input, [rows, featureCount]) });
      const output = Float32Array.from(outputs[outputName].data);
      parentPort.postMessage({ output }, [output.buffer]);
    } catch (error) {
      parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) });
    }
  });
  parentPort.postMessage({ ready: true });
}

serve().catch((error) => parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) }));
