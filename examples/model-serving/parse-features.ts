import { FEATURE_COUNT } from './features.js';

/** A request body that cannot be scored; its message is sent back to the client with a 400. */
export class InvalidFeaturesError extends Error {
  override readonly name = 'InvalidFeaturesError';
}

const LARGEST_FLOAT32 = 3.4028234663852886e38;

/**
 * Reads `{ "features": [10 numbers] }` into a Float32Array, or throws an `InvalidFeaturesError` saying
 * exactly what is wrong, so a client fixing its request does not have to guess.
 *
 * @param body - the parsed JSON body, of any shape.
 * @returns the features as float32, the type the model computes in.
 */
export function parseFeatures(body: unknown): Float32Array {
  const expected = `Expected a JSON body \`{ "features": [${FEATURE_COUNT} numbers] }\``;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidFeaturesError(`${expected}, got ${describeJson(body)}`);
  }
  const features = (body as { features?: unknown }).features;
  if (!Array.isArray(features)) {
    throw new InvalidFeaturesError(`${expected}; \`features\` is ${describeJson(features)}`);
  }
  if (features.length !== FEATURE_COUNT) {
    throw new InvalidFeaturesError(`${expected}; \`features\` has ${features.length} items`);
  }
  const row = new Float32Array(FEATURE_COUNT);
  for (let index = 0; index < FEATURE_COUNT; index++) {
    const value: unknown = features[index];
    // A value past float32's range would silently become Infinity inside the model.
    if (typeof value !== 'number' || Math.abs(value) > LARGEST_FLOAT32) {
      throw new InvalidFeaturesError(
        `${expected}; \`features[${index}]\` is ${describeJson(value)}, not a number within float32 range`,
      );
    }
    row[index] = value;
  }
  return row;
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return '`null`';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') return 'an object';
  return `\`${JSON.stringify(value)}\` (${typeof value})`;
}
