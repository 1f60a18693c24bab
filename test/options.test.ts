import { asyncScheduler } from 'rxjs';
import { batchRequests, batchRequestsSettled, createBatcher } from '../src/index.js';

const echo = (requests: number[]) => requests;

/** Every kind of bad value, and how the error message shows it. */
const kinds: Array<[kind: string, value: unknown, shown: string]> = [
  ['a string', '5', '`"5"` (string)'],
  ['a boolean', true, '`true` (boolean)'],
  ['null', null, '`null` (null)'],
  ['an object', {}, '`Object` (object)'],
  ['an array', [], '`Array(0)` (array)'],
  ['a function', (() => () => 1)(), '`function` (function)'],
  ['a bigint', 5n, '`5n` (bigint)'],
  ['a symbol', Symbol('x'), '`Symbol(x)` (symbol)'],
  ['NaN', NaN, '`NaN` (number)'],
  ['negative', -1, '`-1` (number)'],
  ['zero', 0, '`0` (number)'],
  ['non-integer', 2.5, '`2.5` (number)'],
  ['Infinity', Infinity, '`Infinity` (number)'],
  ['-Infinity', -Infinity, '`-Infinity` (number)'],
  ['beyond what a timer can wait', 3e9, '`3000000000` (number)'],
];

/** Each option's documented rule, and which numbers satisfy it. */
const numberRules: Array<[option: string, rule: string, accepts: (n: number) => boolean]> = [
  ['maxSize', 'an integer from 1 and up', (n) => Number.isInteger(n) && n >= 1],
  ['maxDelayMs', 'a number from 0 to 2147483647', (n) => n >= 0 && n <= 2 ** 31 - 1],
  ['concurrency', 'an integer from 1 and up, or `Infinity`', (n) => (Number.isInteger(n) && n >= 1) || n === Infinity],
  ['maxQueueSize', 'an integer from 1 and up, or `Infinity`', (n) => (Number.isInteger(n) && n >= 1) || n === Infinity],
  ['timeoutMs', 'a number above 0, up to 2147483647', (n) => n > 0 && n <= 2 ** 31 - 1],
];

const badInput = numberRules.flatMap(([option, rule, accepts]) =>
  kinds
    .filter(([, value]) => typeof value !== 'number' || !accepts(value))
    .map(([kind, value, shown]) => ({
      name: `${option}: ${kind}`,
      options: { [option]: value },
      errorClass: typeof value === 'number' ? RangeError : TypeError,
      message: `Expected \`${option}\` to be ${rule}, got ${shown}`,
    })),
).concat(
  kinds.map(([kind, value, shown]) => ({
    name: `key: ${kind}`,
    options: { key: value },
    errorClass: TypeError,
    message: `Expected \`key\` to be a function, got ${shown}`,
  })).filter(({ options }) => typeof options.key !== 'function'),
  kinds.map(([kind, value, shown]) => ({
    name: `scheduler: ${kind}`,
    options: { scheduler: value },
    errorClass: TypeError,
    message: `Expected \`scheduler\` to be a SchedulerLike (an object with \`schedule\` and \`now\` methods), got ${shown}`,
  })),
);

describe('createBatcher rejects every kind of invalid option at construction, naming the option, the rule and the value', () => {
  it.each(badInput)('$name', ({ options, errorClass, message }) => {
    const create = () => createBatcher(echo, options as never);
    expect(create).toThrow(errorClass);
    expect(create).toThrow(message);
  });

  it.each([
    ['a scheduler without now', { scheduler: { schedule() {} } }, TypeError,
      'Expected `scheduler` to be a SchedulerLike (an object with `schedule` and `now` methods), got `Object` (object)'],
    ['a named function as scheduler', { scheduler: setTimeout }, TypeError,
      'Expected `scheduler` to be a SchedulerLike (an object with `schedule` and `now` methods), got `function setTimeout` (function)'],
    ['onQueueFull not one of its values', { onQueueFull: 'block' }, TypeError,
      'Expected `onQueueFull` to be "reject" or "wait", got `"block"` (string)'],
    ['an unknown option', { maxDelay: 5 }, TypeError,
      'Unknown option `maxDelay`; the options are `maxSize`, `maxDelayMs`, `concurrency`, `maxQueueSize`, `onQueueFull`, `key`, `timeoutMs`, `scheduler`'],
  ])('%s', (_name, options, errorClass, message) => {
    const create = () => createBatcher(echo, options as never);
    expect(create).toThrow(errorClass);
    expect(create).toThrow(message);
  });

  it('rejects options that are not an object', () => {
    expect(() => createBatcher(echo, 5 as never)).toThrow(new TypeError('Expected `options` to be an object, got `5` (number)'));
    expect(() => createBatcher(echo, null as never)).toThrow(new TypeError('Expected `options` to be an object, got `null` (null)'));
  });

  it('rejects a batch function that is not a function', () => {
    expect(() => createBatcher('fn' as never)).toThrow(new TypeError('Expected the batch function to be a function, got `"fn"` (string)'));
    expect(() => createBatcher(undefined as never)).toThrow(
      new TypeError('Expected the batch function to be a function, got `undefined` (undefined)'),
    );
  });

  it('accepts every valid edge value', () => {
    expect(() =>
      createBatcher(echo, { maxSize: 1, maxDelayMs: 0, concurrency: Infinity, maxQueueSize: Infinity, timeoutMs: 0.5, key: (n) => n, scheduler: asyncScheduler }),
    ).not.toThrow();
    expect(() => createBatcher(echo)).not.toThrow();
  });
});

describe('the operators validate when created', () => {
  it('batchRequests names the bad option', () => {
    expect(() => batchRequests(echo, { maxSize: 0 })).toThrow(new RangeError('Expected `maxSize` to be an integer from 1 and up, got `0` (number)'));
  });

  it('batchRequestsSettled refuses maxQueueSize, which only a batcher has', () => {
    expect(() => batchRequestsSettled(echo, { maxQueueSize: 5 } as never)).toThrow(
      new TypeError('Unknown option `maxQueueSize`; the options are `maxSize`, `maxDelayMs`, `concurrency`, `key`, `timeoutMs`, `scheduler`'),
    );
  });

  it('batchRequests refuses a non-function batch function', () => {
    expect(() => batchRequests(42 as never)).toThrow(new TypeError('Expected the batch function to be a function, got `42` (number)'));
  });
});

describe('submit rejects bad per-request options at once, with the same wording', () => {
  const badSubmitOptions = kinds
    .filter(([, value]) => !(typeof value === 'number' && value > 0 && value <= 2 ** 31 - 1))
    .map(([kind, value, shown]) => ({
      name: `timeoutMs: ${kind}`,
      submitOptions: { timeoutMs: value },
      errorClass: typeof value === 'number' ? RangeError : TypeError,
      message: `Expected \`timeoutMs\` to be a number above 0, up to 2147483647, got ${shown}`,
    }))
    .concat(kinds.filter(([, value]) => typeof value !== 'undefined').map(([kind, value, shown]) => ({
      name: `signal: ${kind}`,
      submitOptions: { signal: value } as never,
      errorClass: TypeError,
      message: `Expected \`signal\` to be an AbortSignal, got ${shown}`,
    })));

  it.each(badSubmitOptions)('$name', async ({ submitOptions, errorClass, message }) => {
    const batcher = createBatcher(echo);
    const error = await batcher.submit(1, submitOptions as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toBe(message);
    expect(batcher.stats.submitted).toBe(0);
  });

  it('rejects with the signal’s reason when it is already aborted, without calling the batch function', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher((r: number[]) => (calls.push(r), r), { maxSize: 1 });
    const reason = new DOMException('stop', 'AbortError');
    await expect(batcher.submit(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });
});
