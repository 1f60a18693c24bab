import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { describeValue } from './describeValue.js';
import { unknownOptionMessage } from './peerOptionNames.js';
import type { BatchOptions } from './batchFunction.js';
import { validateRetry, type RetryPolicy } from './retryPolicy.js';

/**
 * Every option this table checks: the operators' `BatchOptions` and the batcher's queue options. One table for
 * both, so that an option means the same and fails with the same message wherever it is taken.
 */
export interface CheckedOptions<Req, K> extends BatchOptions<Req, K> {
  maxQueueSize?: number;
  onQueueFull?: 'reject' | 'wait';
}

/** The options of one `submit`, as `checkSubmitOptions` reads them. */
export interface CheckedSubmitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Options with every default filled in, as the core uses them. */
export interface ResolvedOptions<Req, K> {
  readonly maxSize: number;
  readonly maxDelayMs: number;
  readonly concurrency: number;
  readonly maxQueueSize: number;
  readonly onQueueFull: 'reject' | 'wait';
  readonly key: ((request: Req) => K) | undefined;
  readonly timeoutMs: number | undefined;
  readonly scheduler: SchedulerLike;
  readonly weigh: ((request: Req) => number) | undefined;
  readonly maxWeight: number;
  readonly partitionBy: ((request: Req) => string | number) | undefined;
  readonly retry: RetryPolicy<Req> | undefined;
  readonly dedupe: boolean;
}

const policyOptions = ['weigh', 'maxWeight', 'partitionBy', 'retry', 'dedupe'];
const knownOptions = ['maxSize', 'maxDelayMs', 'concurrency', 'maxQueueSize', 'onQueueFull', 'key', 'timeoutMs', 'scheduler', ...policyOptions];

/**
 * Checks every option once, at construction, and throws a `TypeError` or `RangeError` that names the option,
 * the rule and the value — a typo or a `NaN` from a config file fails loudly instead of batching strangely.
 */
export function validateOptions<Req, K>(
  options: CheckedOptions<Req, K> | undefined,
  allowed: readonly string[] = knownOptions,
): ResolvedOptions<Req, K> {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected \`options\` to be an object, got ${describeValue(options)}`);
  }
  // `for...in` rather than `Object.keys`: a batcher made per incoming request checks its options each time.
  for (const name in options) {
    if (Object.hasOwn(options, name) && !allowed.includes(name)) throw new TypeError(unknownOptionMessage(name, allowed));
  }
  // Checked in this order, so that of two bad options the same one is always reported.
  const maxSize = getValidNumber('maxSize', options.maxSize, 100, countRule);
  const maxDelayMs = getValidNumber('maxDelayMs', options.maxDelayMs, 10, delayRule);
  const concurrency = getValidNumber('concurrency', options.concurrency, Infinity, countOrInfinityRule);
  const maxQueueSize = getValidNumber('maxQueueSize', options.maxQueueSize, Infinity, countOrInfinityRule);
  const onQueueFull = getValidOnQueueFull(options.onQueueFull);
  const key = getValidFunction('key', options.key);
  const timeoutMs = getValidNumber('timeoutMs', options.timeoutMs, undefined, timeoutRule);
  const scheduler = getValidScheduler(options.scheduler);
  const { weigh, maxWeight } = getValidWeight<Req>(options.weigh, options.maxWeight);
  const partitionBy = getValidFunction('partitionBy', options.partitionBy);
  const retry = validateRetry(options.retry);
  const dedupe = getValidFlag('dedupe', options.dedupe);
  return { maxSize, maxDelayMs, concurrency, maxQueueSize, onQueueFull, key, timeoutMs, scheduler, weigh, maxWeight, partitionBy, retry, dedupe };
}

/** A weight limit: `weigh` and `maxWeight` come together, or not at all. */
export function getValidWeight<Req>(weigh: unknown, maxWeight: unknown): Pick<ResolvedOptions<Req, unknown>, 'weigh' | 'maxWeight'> {
  const validWeigh = getValidFunction('weigh', weigh as ((request: Req) => number) | undefined);
  const validMaxWeight = getValidNumber('maxWeight', maxWeight, Infinity, weightRule);
  if (validWeigh === undefined && maxWeight !== undefined) {
    throw new TypeError('`maxWeight` needs `weigh`, the function that gives each request its weight');
  }
  if (validWeigh !== undefined && maxWeight === undefined) {
    throw new TypeError('`weigh` needs `maxWeight`, the most weight in one batch');
  }
  return { weigh: validWeigh, maxWeight: validMaxWeight };
}

/** A yes/no option: `undefined` is false; anything but a boolean is a TypeError. */
export function getValidFlag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new TypeError(`Expected \`${name}\` to be true or false, got ${describeValue(value)}`);
}

const submitOptionNames = ['signal', 'timeoutMs'];

/** Checks the options of one `submit`; returns the error to reject with, if any. */
export function checkSubmitOptions(options: CheckedSubmitOptions | undefined): Error | undefined {
  if (options === undefined) return undefined;
  const shapeError = checkOptionsShape('submit', options, submitOptionNames);
  if (shapeError !== undefined) return shapeError;
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    return new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describeValue(signal)}`);
  }
  return checkNumber('timeoutMs', timeoutMs, timeoutRule);
}

/**
 * What every per-call options object (`submit`'s, `close`'s) must be: an object, with known names only.
 * Returns the error to reject with, if any.
 */
export function checkOptionsShape(call: string, options: unknown, names: readonly string[]): Error | undefined {
  if (typeof options !== 'object' || options === null) {
    return new TypeError(`Expected \`${call}\` options to be an object, got ${describeValue(options)}`);
  }
  // `for...in` rather than `Object.keys`: no array per call on the path of every request with options.
  for (const name in options) {
    if (Object.hasOwn(options, name) && !names.includes(name)) {
      return new TypeError(`Unknown \`${call}\` option \`${name}\`; the options are ${names.map((known) => `\`${known}\``).join(', ')}`);
    }
  }
  return undefined;
}

/** `getValidNumber` for a per-call option: the error is returned (to reject with), not thrown. */
export function checkNumber(name: string, value: unknown, rule: NumberRule): Error | undefined {
  try {
    getValidNumber(name, value, undefined, rule);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

// The longest delay a timer can have: Node and browsers turn anything longer into about 1 ms.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** What a number option must be, in words for the error message and as a test. */
export interface NumberRule {
  readonly rule: string;
  readonly accepts: (value: number) => boolean;
}

const countRule: NumberRule = { rule: 'an integer from 1 and up', accepts: (n: number) => Number.isInteger(n) && n >= 1 };
const countOrInfinityRule: NumberRule = {
  rule: 'an integer from 1 and up, or `Infinity`',
  accepts: (n: number) => (Number.isInteger(n) && n >= 1) || n === Infinity,
};
export const delayRule: NumberRule = { rule: `a number from 0 to ${MAX_TIMER_DELAY_MS}`, accepts: (n: number) => n >= 0 && n <= MAX_TIMER_DELAY_MS };
const weightRule: NumberRule = { rule: 'a number above 0', accepts: (n: number) => n > 0 };
const timeoutRule: NumberRule = {
  rule: `a number above 0, up to ${MAX_TIMER_DELAY_MS}`,
  accepts: (n: number) => n > 0 && n <= MAX_TIMER_DELAY_MS,
};

/** A number option: `undefined` gives the default; a non-number is a TypeError, a number out of range a RangeError. */
export function getValidNumber<D>(name: string, value: unknown, defaultValue: D, { rule, accepts }: NumberRule): number | D {
  if (value === undefined) return defaultValue;
  if (typeof value !== 'number') throw new TypeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  if (!accepts(value)) throw new RangeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  return value;
}

function getValidOnQueueFull(value: unknown): 'reject' | 'wait' {
  if (value === undefined) return 'reject';
  if (value === 'reject' || value === 'wait') return value;
  throw new TypeError(`Expected \`onQueueFull\` to be "reject" or "wait", got ${describeValue(value)}`);
}

/** A function option, such as `key`: `undefined` stays `undefined`; anything but a function is a TypeError. */
export function getValidFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new TypeError(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
}

function getValidScheduler(value: unknown): SchedulerLike {
  if (value === undefined) return asyncScheduler;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- `{} | null` and a Partial are mutually assignable, but only the Partial has `schedule`/`now` to check
  const scheduler = value as Partial<SchedulerLike> | null;
  if (typeof scheduler === 'object' && scheduler !== null && typeof scheduler.schedule === 'function' &&
      typeof scheduler.now === 'function') {
    return scheduler as SchedulerLike;
  }
  throw new TypeError(
    `Expected \`scheduler\` to be a SchedulerLike (an object with \`schedule\` and \`now\` methods), got ${describeValue(value)}`,
  );
}

/** The arguments of `bufferTimeOrCount`, checked with the same rules and messages as the batcher's options. */
export interface BufferArguments {
  readonly maxSize: number;
  readonly maxDelayMs: number;
  readonly scheduler: SchedulerLike;
}

/** Checks `bufferTimeOrCount`'s arguments when the operator is created, so a bad one fails there and not mid-stream. */
export function validateBufferArguments(maxSize: unknown, maxDelayMs: unknown, scheduler: unknown): BufferArguments {
  // `maxSize` has no default here: `undefined` fails with the rule like any other wrong value.
  const validMaxSize = getValidNumber('maxSize', maxSize, NaN, countRule);
  if (Number.isNaN(validMaxSize)) throw new TypeError(`Expected \`maxSize\` to be ${countRule.rule}, got ${describeValue(maxSize)}`);
  return {
    maxSize: validMaxSize,
    maxDelayMs: getValidNumber('maxDelayMs', maxDelayMs, 0, delayRule),
    scheduler: getValidScheduler(scheduler),
  };
}

// An operator has no queue of its own (the source decides the pace), so `maxQueueSize` is not one of its options.
const operatorOptionNames = ['maxSize', 'maxDelayMs', 'concurrency', 'key', 'timeoutMs', 'scheduler', ...policyOptions];

/** Validates an operator's batch function and options when the operator is created, not when it is subscribed. */
export function validateOperatorOptions<Req, K>(fn: unknown, options: BatchOptions<Req, K> | undefined): ResolvedOptions<Req, K> {
  validateBatchFunction(fn);
  return validateOptions(options, operatorOptionNames);
}

/** Checks the batch function itself, with the same wording as the options. */
export function validateBatchFunction(fn: unknown): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`Expected the batch function to be a function, got ${describeValue(fn)}`);
  }
}

// Duck-typed rather than `instanceof AbortSignal`, so signals from another realm or a polyfill still work.
function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as Partial<AbortSignal> | null;
  return typeof signal === 'object' && signal !== null && typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function';
}
