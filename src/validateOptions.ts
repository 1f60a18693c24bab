import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { describeValue } from './describeValue.js';
import type { BatcherOptions, SubmitOptions } from './types.js';

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
}

const knownOptions = ['maxSize', 'maxDelayMs', 'concurrency', 'maxQueueSize', 'onQueueFull', 'key', 'timeoutMs', 'scheduler'];

/**
 * Checks every option once, at construction, and throws a `TypeError` or `RangeError` that names the option,
 * the rule and the value — a typo or a `NaN` from a config file fails loudly instead of batching strangely.
 */
export function validateOptions<Req, K>(
  options: BatcherOptions<Req, K> | undefined,
  allowed: readonly string[] = knownOptions,
): ResolvedOptions<Req, K> {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected \`options\` to be an object, got ${describeValue(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) {
      throw new TypeError(`Unknown option \`${name}\`; the options are ${allowed.map((n) => `\`${n}\``).join(', ')}`);
    }
  }
  return {
    maxSize: getValidCount('maxSize', options.maxSize, 100, false),
    maxDelayMs: getValidMaxDelayMs(options.maxDelayMs),
    concurrency: getValidCount('concurrency', options.concurrency, Infinity, true),
    maxQueueSize: getValidCount('maxQueueSize', options.maxQueueSize, Infinity, true),
    onQueueFull: getValidOnQueueFull(options.onQueueFull),
    key: getValidFunction('key', options.key),
    timeoutMs: getValidTimeoutMs('timeoutMs', options.timeoutMs),
    scheduler: getValidScheduler(options.scheduler),
  };
}

/** Checks the options of one `submit`; returns the error to reject with, if any. */
export function checkSubmitOptions(options: SubmitOptions | undefined): Error | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    return new TypeError(`Expected \`submit\` options to be an object, got ${describeValue(options)}`);
  }
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    return new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describeValue(signal)}`);
  }
  try {
    getValidTimeoutMs('timeoutMs', timeoutMs);
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

function getValidCount(name: string, value: unknown, defaultValue: number, allowInfinity: boolean): number {
  if (value === undefined) return defaultValue;
  const rule = allowInfinity ? 'an integer from 1 and up, or `Infinity`' : 'an integer from 1 and up';
  if (typeof value !== 'number') throw new TypeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  const valid = (Number.isInteger(value) && value >= 1) || (allowInfinity && value === Infinity);
  if (!valid) throw new RangeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  return value;
}

// The longest delay a timer can have: Node and browsers turn anything longer into about 1 ms.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

function getValidMaxDelayMs(value: unknown): number {
  if (value === undefined) return 10;
  const rule = `a number from 0 to ${MAX_TIMER_DELAY_MS}`;
  if (typeof value !== 'number') throw new TypeError(`Expected \`maxDelayMs\` to be ${rule}, got ${describeValue(value)}`);
  if (!(value >= 0 && value <= MAX_TIMER_DELAY_MS)) {
    throw new RangeError(`Expected \`maxDelayMs\` to be ${rule}, got ${describeValue(value)}`);
  }
  return value;
}

function getValidTimeoutMs(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const rule = `a number above 0, up to ${MAX_TIMER_DELAY_MS}`;
  if (typeof value !== 'number') throw new TypeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  if (!(value > 0 && value <= MAX_TIMER_DELAY_MS)) {
    throw new RangeError(`Expected \`${name}\` to be ${rule}, got ${describeValue(value)}`);
  }
  return value;
}

function getValidOnQueueFull(value: unknown): 'reject' | 'wait' {
  if (value === undefined) return 'reject';
  if (value === 'reject' || value === 'wait') return value;
  throw new TypeError(`Expected \`onQueueFull\` to be "reject" or "wait", got ${describeValue(value)}`);
}

function getValidFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new TypeError(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
}

function getValidScheduler(value: unknown): SchedulerLike {
  if (value === undefined) return asyncScheduler;
  const scheduler = value as Partial<SchedulerLike> | null;
  if (typeof scheduler === 'object' && scheduler !== null && typeof scheduler.schedule === 'function' &&
      typeof scheduler.now === 'function') {
    return scheduler as SchedulerLike;
  }
  throw new TypeError(
    `Expected \`scheduler\` to be a SchedulerLike (an object with \`schedule\` and \`now\` methods), got ${describeValue(value)}`,
  );
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
