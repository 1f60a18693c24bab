import { onnx } from 'onnx-proto';
import { FEATURE_COUNT } from './features.js';
import { createSeededRandom } from './seeded-random.js';

/** The shape of a generated multi-layer perceptron and the seed its weights come from. */
export interface MlpSpec {
  /** Width of each hidden layer, input side first; every hidden layer is followed by a ReLU. */
  hiddenLayerSizes: readonly number[];
  /** Seed for the weights: the same spec always produces byte-identical `.onnx` files. */
  seed: number;
}

export const MLP_INPUT_NAME = 'features';
export const MLP_OUTPUT_NAME = 'prediction';

// Opset 13 and IR version 8 are what onnx-proto 8 (ONNX 1.10) describes, and every current
// ONNX Runtime reads them.
const OPSET_VERSION = 13;
const IR_VERSION = 8;

/**
 * Builds a float32 MLP `FEATURE_COUNT → hidden… → 1` as ONNX bytes, with weights from a seeded PRNG.
 * The batch dimension is symbolic, so one `session.run` can take `[n, 10]` for any n.
 *
 * @param spec - layer widths and weight seed.
 * @returns the serialized `ModelProto`.
 */
export function buildMlpOnnx(spec: MlpSpec): Uint8Array {
  const nextRandom = createSeededRandom(spec.seed);
  const layerSizes = [FEATURE_COUNT, ...spec.hiddenLayerSizes, 1];
  const initializers: onnx.ITensorProto[] = [];
  const nodes: onnx.INodeProto[] = [];
  let previousOutput = MLP_INPUT_NAME;

  for (let layer = 0; layer < layerSizes.length - 1; layer++) {
    const fanIn = layerSizes[layer];
    const fanOut = layerSizes[layer + 1];
    const isLastLayer = layer === layerSizes.length - 2;
    // He-uniform scaling keeps activations in a sane range through the ReLUs, so predictions are
    // ordinary numbers rather than zeros or overflow, which makes comparing results meaningful.
    const weightBound = Math.sqrt(6 / fanIn);
    const weights = randomFloats(fanIn * fanOut, weightBound, nextRandom);
    const biases = randomFloats(fanOut, 0.01, nextRandom);
    initializers.push(floatTensor(`weights_${layer}`, [fanIn, fanOut], weights));
    initializers.push(floatTensor(`biases_${layer}`, [fanOut], biases));

    const product = `product_${layer}`;
    const affine = isLastLayer ? MLP_OUTPUT_NAME : `affine_${layer}`;
    nodes.push({ opType: 'MatMul', input: [previousOutput, `weights_${layer}`], output: [product], name: `matmul_${layer}` });
    nodes.push({ opType: 'Add', input: [product, `biases_${layer}`], output: [affine], name: `add_${layer}` });
    if (!isLastLayer) {
      const activated = `relu_${layer}`;
      nodes.push({ opType: 'Relu', input: [affine], output: [activated], name: `relu_${layer}` });
      previousOutput = activated;
    }
  }

  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: 'rx-batcher model-serving example',
    graph: {
      name: 'seeded_mlp',
      node: nodes,
      initializer: initializers,
      input: [floatMatrixValueInfo(MLP_INPUT_NAME, FEATURE_COUNT)],
      output: [floatMatrixValueInfo(MLP_OUTPUT_NAME, 1)],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

function randomFloats(count: number, bound: number, nextRandom: () => number): Float32Array {
  const values = new Float32Array(count);
  for (let index = 0; index < count; index++) values[index] = (nextRandom() * 2 - 1) * bound;
  return values;
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  // raw_data is little-endian by the ONNX spec; Float32Array bytes are little-endian on x64 and arm64.
  return {
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function floatMatrixValueInfo(name: string, columns: number): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: columns }] },
      },
    },
  };
}
