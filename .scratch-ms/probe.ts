import * as ort from 'onnxruntime-node';
import { buildMlpOnnx } from '../examples/model-serving/mlp-onnx-builder.js';
async function main() {
  for (const hidden of [[2048,2048,2048],[4096,4096,4096],[3072,3072,3072,3072]]) {
    let t = performance.now();
    const bytes = buildMlpOnnx({ hiddenLayerSizes: hidden, seed: 42 });
    console.log(hidden, 'build ms', (performance.now()-t).toFixed(0), 'MB', (bytes.byteLength/1e6).toFixed(1));
    t = performance.now();
    const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
    console.log('load ms', (performance.now()-t).toFixed(0));
    for (const n of [1, 1, 1, 8, 32, 64, 128, 200, 256, 512]) {
      const x = new Float32Array(n*10).map((_, i) => Math.sin(i));
      const reps = n <= 8 ? 20 : 5;
      let best = Infinity, sum = 0;
      for (let r = 0; r < reps; r++) { const a = performance.now(); await s.run({ features: new ort.Tensor('float32', x, [n, 10]) }); const d = performance.now()-a; best = Math.min(best, d); sum += d; }
      console.log(`n=${n} best ${best.toFixed(2)} ms mean ${(sum/reps).toFixed(2)} per-item ${(sum/reps/n).toFixed(3)}`);
    }
    await s.release();
  }
}
main();
