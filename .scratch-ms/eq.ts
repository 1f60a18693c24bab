import * as ort from 'onnxruntime-node';
import { buildMlpOnnx } from '../examples/model-serving/mlp-onnx-builder.js';
async function main() {
  for (const hidden of [[64, 64], [4096,4096,4096]]) {
    const s = await ort.InferenceSession.create(buildMlpOnnx({ hiddenLayerSizes: hidden, seed: 7 }), { intraOpNumThreads: 1 });
    const n = 37;
    const x = new Float32Array(n*10).map((_, i) => Math.sin(i * 1.7));
    const batch = (await s.run({ features: new ort.Tensor('float32', x, [n, 10]) })).prediction.data as Float32Array;
    let diffs = 0, maxRel = 0;
    for (let i = 0; i < n; i++) {
      const one = (await s.run({ features: new ort.Tensor('float32', x.slice(i*10, i*10+10), [1, 10]) })).prediction.data as Float32Array;
      if (one[0] !== batch[i]) { diffs++; maxRel = Math.max(maxRel, Math.abs(one[0]-batch[i])/Math.abs(one[0])); }
    }
    console.log(hidden, 'sample', batch.slice(0,3), 'diffs', diffs, 'maxRel', maxRel);
  }
}
main();
