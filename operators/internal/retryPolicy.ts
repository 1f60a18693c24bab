import type { RetryOptions } from './batchFunction.js';
import { describeValue } from './describeValue.js';
import { BatchResultError, BatcherClosedError } from './errors.js';
import { checkOptionsShape, delayRule, getValidFunction, getValidNumber, type NumberRule } from './validateOptions.js';

/** `RetryOptions` with every default filled in, as the call stage uses them. */
export interface RetryPolicy<Req> {
  readonly count: number;
  readonly delayMs: number;
  readonly backoff: 'exponential' | 'fixed';
  readonly maxBackoffMs: number;
  readonly jitter: number;
  readonly random: () => number;
  readonly when: ((error: unknown, request?: Req) => boolean) | undefined;
}

const retryOptionNames = ['count', 'delayMs', 'backoff', 'maxBackoffMs', 'jitter', 'random', 'when'];
const retryCountRule: NumberRule = { rule: 'an integer from 1 and up', accepts: (n) => Number.isInteger(n) && n >= 1 };
const jitterRule: NumberRule = { rule: 'a number from 0 to 1', accepts: (n) => n >= 0 && n <= 1 };

/** Checks the `retry` option, with the same kind of messages as every other option; `undefined` means no retry. */
export function validateRetry<Req>(value: RetryOptions<Req> | undefined): RetryPolicy<Req> | undefined {
  if (value === undefined) return undefined;
  const shapeError = checkOptionsShape('retry', value, retryOptionNames);
  if (shapeError !== undefined) throw shapeError;
  const count = getValidNumber('retry.count', value.count, NaN, retryCountRule);
  if (Number.isNaN(count)) throw new TypeError(`Expected \`retry.count\` to be ${retryCountRule.rule}, got ${describeValue(value.count)}`);
  const delayMs = getValidNumber('retry.delayMs', value.delayMs, NaN, delayRule);
  if (Number.isNaN(delayMs)) throw new TypeError(`Expected \`retry.delayMs\` to be ${delayRule.rule}, got ${describeValue(value.delayMs)}`);
  const maxBackoffRule: NumberRule = { rule: `a number from \`retry.delayMs\` (${delayMs}) to 2147483647`, accepts: (n) => n >= delayMs && delayRule.accepts(n) };
  return {
    count,
    delayMs,
    backoff: getValidBackoff(value.backoff),
    maxBackoffMs: getValidNumber('retry.maxBackoffMs', value.maxBackoffMs, 2_147_483_647, maxBackoffRule),
    jitter: getValidNumber('retry.jitter', value.jitter, 0, jitterRule),
    random: getValidFunction('retry.random', value.random) ?? Math.random,
    when: getValidFunction('retry.when', value.when),
  };
}

function getValidBackoff(value: unknown): 'exponential' | 'fixed' {
  if (value === undefined) return 'exponential';
  if (value === 'exponential' || value === 'fixed') return value;
  throw new TypeError(`Expected \`retry.backoff\` to be "exponential" or "fixed", got ${describeValue(value)}`);
}

/**
 * The wait before retry number `retry` (1 for the first): `delayMs`, doubled at each retry when exponential,
 * capped at `maxBackoffMs`, then shortened by up to `jitter` of itself so callers that failed together do not
 * all come back at the same moment.
 */
export function backoffDelayMs<Req>(policy: RetryPolicy<Req>, retry: number): number {
  const { delayMs, backoff, maxBackoffMs, jitter } = policy;
  const delay = Math.min(backoff === 'exponential' ? delayMs * 2 ** (retry - 1) : delayMs, maxBackoffMs);
  return jitter === 0 ? delay : delay * (1 - jitter * randomShare(policy.random));
}

// `random` is the user's: one that throws or strays outside [0, 1) fails the retry with an error naming it.
function randomShare(random: () => number): number {
  let share: number;
  try {
    share = random();
  } catch (error) {
    throw new Error(`\`retry.random\` threw: ${error instanceof Error ? error.message : describeValue(error)}`, { cause: error });
  }
  if (typeof share !== 'number' || !(share >= 0 && share < 1)) {
    throw new RangeError(`Expected \`retry.random\` to return a number from 0 up to (not including) 1, got ${describeValue(share)}`);
  }
  return share;
}

/**
 * Whether a failure is tried again, the retry count aside; throws what `when` throws. A batch's error (no
 * `request`) is retried unless `when` says no, but a `BatchResultError` — a batch function returning the wrong
 * shape, which it would do again — only if `when` says yes. A request's own error is retried only if `when`
 * says yes. The batcher's own `BatcherClosedError` (a `close` deadline) is never retried.
 */
export function isRetried<Req>(policy: RetryPolicy<Req>, error: unknown, forRequest: boolean, request?: Req): boolean {
  if (error instanceof BatcherClosedError) return false;
  const { when } = policy;
  if (forRequest) return when !== undefined && when(error, request);
  if (when === undefined) return !(error instanceof BatchResultError);
  return when(error);
}
