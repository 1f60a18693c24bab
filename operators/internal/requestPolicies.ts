import type { BufferPolicies } from './batchBuffer.js';
import { describeKey, describeValue } from './describeValue.js';

/** A partition key, as `partitionBy` returns it. */
export type PartitionKey = string | number;

/** The policy options a request is judged by. */
export interface RequestPolicyOptions<T> {
  readonly weigh: ((request: T) => number) | undefined;
  readonly maxWeight: number;
  readonly partitionBy: ((request: T) => PartitionKey) | undefined;
  readonly dedupe: boolean;
  readonly key: ((request: T) => unknown) | undefined;
}

/** Whether any policy judges each request (`weigh`, `partitionBy`, `dedupe`): then each request's facts are worked out. */
export function hasRequestPolicies({ weigh, partitionBy, dedupe }: Pick<RequestPolicyOptions<never>, 'weigh' | 'partitionBy' | 'dedupe'>): boolean {
  return weigh !== undefined || partitionBy !== undefined || dedupe;
}

/** What a request's policies say of it, worked out once, as it arrives. */
export interface PolicyFacts {
  readonly weight: number;
  readonly partition: PartitionKey | undefined;
  /** With `dedupe`, its key. */
  readonly key: unknown;
}

/** Works out a request's weight, partition and dedupe key; throws what `weighRequest` and the others throw. */
export function policyFactsOf<T>(request: T, { weigh, maxWeight, partitionBy, dedupe, key }: RequestPolicyOptions<T>): PolicyFacts {
  return {
    weight: weigh === undefined ? 0 : weighRequest(weigh, maxWeight, request),
    partition: partitionBy === undefined ? undefined : partitionOf(partitionBy, request),
    key: dedupe ? dedupeKeyOf(key, request) : undefined,
  };
}

/**
 * The buffer's cutting policies for items that carry their `PolicyFacts`: the buffer reads them instead of
 * calling the user's callbacks again, so a callback that fails has already been dealt with per request. Only
 * which options are set is read from `options`.
 */
export function policiesFromFacts<T>(
  { weigh, maxWeight, partitionBy, dedupe }: RequestPolicyOptions<never>,
  factsOf: (item: T) => PolicyFacts,
  onPartitionCount?: (count: number) => void,
): BufferPolicies<T> {
  return {
    weigh: weigh === undefined ? undefined : (item: T) => factsOf(item).weight,
    maxWeight,
    partitionBy: partitionBy === undefined ? undefined : (item: T) => factsOf(item).partition!,
    dedupeKey: dedupe ? (item: T) => factsOf(item).key : undefined,
    onPartitionCount,
  };
}

/**
 * A request's weight, checked: `weigh` must return a finite number from 0 up, and no request may weigh more than
 * `maxWeight` (it could never be sent). Throws an error that names `weigh`: `createBatcher` rejects that one
 * request with it, and an operator, which has no per-request channel, errors its stream.
 */
export function weighRequest<T>(weigh: (request: T) => number, maxWeight: number, request: T): number {
  const weight = callPolicy('weigh', weigh, request);
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
    throw new TypeError(`Expected \`weigh\` to return a finite number from 0 up, got ${describeValue(weight)} for ${describeKey(request)}`);
  }
  if (weight > maxWeight) {
    throw new RangeError(`A request weighs ${weight}, more than \`maxWeight\` (${maxWeight}), so no batch can hold it: ${describeKey(request)}`);
  }
  return weight;
}

/** A request's partition, checked: `partitionBy` must return a string or a number. Throws as `weighRequest` does. */
export function partitionOf<T>(partitionBy: (request: T) => PartitionKey, request: T): PartitionKey {
  const partition = callPolicy('partitionBy', partitionBy, request);
  if (typeof partition !== 'string' && typeof partition !== 'number') {
    throw new TypeError(`Expected \`partitionBy\` to return a string or a number, got ${describeValue(partition)} for ${describeKey(request)}`);
  }
  return partition;
}

/** A request's `key`, for `dedupe`; a `key` that throws fails with an error naming it. */
export function dedupeKeyOf<T>(key: ((request: T) => unknown) | undefined, request: T): unknown {
  return key === undefined ? request : callPolicy('key', key, request);
}

// A user's callback that throws fails with an error naming the callback, its own error as `cause`.
function callPolicy<T, R>(name: string, policy: (request: T) => R, request: T): R {
  try {
    return policy(request);
  } catch (error) {
    const reason = error instanceof Error ? error.message : describeValue(error);
    throw new Error(`\`${name}\` threw for ${describeKey(request)}: ${reason}`, { cause: error });
  }
}
