import { asyncScheduler } from 'rxjs';
import { batchRequests, batchRequestsSettled, correlate, createBatcher } from '../../src/index.js';

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
      'Unknown option `maxDelay`; the options are `maxSize`, `maxDelayMs`, `concurrency`, `maxQueueSize`, `onQueueFull`, `key`, `timeoutMs`, `scheduler`, `weigh`, `maxWeight`, `partitionBy`, `retry`, `dedupe`'],
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
      new TypeError('Unknown option `maxQueueSize`; the options are `maxSize`, `maxDelayMs`, `concurrency`, `key`, `timeoutMs`, `scheduler`, `weigh`, `maxWeight`, `partitionBy`, `retry`, `dedupe`'),
    );
  });

  it('batchRequests refuses a non-function batch function', () => {
    expect(() => batchRequests(42 as never)).toThrow(new TypeError('Expected the batch function to be a function, got `42` (number)'));
  });

  it.each(kinds.filter(([, value]) => typeof value !== 'function'))('correlate refuses a key that is %s, as createBatcher does', (_kind, value, shown) => {
    const create = () => correlate(value as never);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(`Expected \`key\` to be a function, got ${shown}`);
    expect(() => createBatcher(echo, { key: value as never })).toThrow(`Expected \`key\` to be a function, got ${shown}`);
  });

  it('correlate takes a function or nothing', () => {
    expect(() => correlate()).not.toThrow();
    expect(() => correlate(undefined)).not.toThrow();
    expect(() => correlate((item: string) => item.length)).not.toThrow();
  });
});

const batcherOptionNames = '`maxSize`, `maxDelayMs`, `concurrency`, `maxQueueSize`, `onQueueFull`, `key`, `timeoutMs`, `scheduler`, `weigh`, `maxWeight`, `partitionBy`, `retry`, `dedupe`';
const operatorOptionNames = '`maxSize`, `maxDelayMs`, `concurrency`, `key`, `timeoutMs`, `scheduler`, `weigh`, `maxWeight`, `partitionBy`, `retry`, `dedupe`';
const noCache = 'rx-batcher does not cache: every request reaches the batch function, so put your own cache in front of the batcher to reuse results';

describe('an unknown option that is a peer library’s name says what to use instead', () => {
  it.each([
    ['maxBatchSize', 'Unknown option `maxBatchSize` (from dataloader): use `maxSize`'],
    ['batchScheduleFn',
      'Unknown option `batchScheduleFn` (from dataloader): use `maxDelayMs` for how long a batch may wait ' +
        '(`0`: what this tick submits, as dataloader does by default), or `scheduler` to run its timers on another clock'],
    ['batch', 'Unknown option `batch` (from dataloader): use `maxSize: 1` to send each request on its own'],
    ['cache', `Unknown option \`cache\` (from dataloader): ${noCache}`],
    ['cacheMap', `Unknown option \`cacheMap\` (from dataloader): ${noCache}`],
    ['cacheKeyFn',
      'Unknown option `cacheKeyFn` (from dataloader): rx-batcher does not cache, so it has no cache key; ' +
        'to find each request in a `Map` the batch function returns, use `key`'],
    ['max_batch_size', 'Unknown option `max_batch_size` (from async-batcher): use `maxSize`'],
    ['max_queue_time', 'Unknown option `max_queue_time` (from async-batcher): use `maxDelayMs`, in milliseconds rather than seconds'],
    ['max_queue_size', 'Unknown option `max_queue_size` (from async-batcher): use `maxQueueSize`'],
  ])('%s', (name, advice) => {
    expect(() => createBatcher(echo, { [name]: 1 } as never)).toThrow(new TypeError(`${advice}. The options are ${batcherOptionNames}`));
  });

  it('the operators give the same advice, and list their own options', () => {
    expect(() => batchRequests(echo, { maxBatchSize: 10 } as never)).toThrow(
      new TypeError(`Unknown option \`maxBatchSize\` (from dataloader): use \`maxSize\`. The options are ${operatorOptionNames}`),
    );
  });

  it('an operator does not advise an option it does not have', () => {
    expect(() => batchRequestsSettled(echo, { max_queue_size: 10 } as never)).toThrow(
      new TypeError(`Unknown option \`max_queue_size\`; the options are ${operatorOptionNames}`),
    );
  });

  it('a name that only an object’s prototype has is just unknown', () => {
    expect(() => createBatcher(echo, { toString: 1 } as never)).toThrow(
      new TypeError(`Unknown option \`toString\`; the options are ${batcherOptionNames}`),
    );
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

  it.each([
    ['a misspelt name', { timeOut: 5 }, 'timeOut'],
    ['a batcher option', { maxSize: 5 }, 'maxSize'],
    ['an unknown name beside valid ones', { timeoutMs: 5, deadline: 10 }, 'deadline'],
  ])('rejects %s, listing the valid names', async (_name, submitOptions, unknownName) => {
    const batcher = createBatcher(echo);
    const error = await batcher.submit(1, submitOptions as never).catch((e: unknown) => e);
    expect(error).toEqual(new TypeError(`Unknown \`submit\` option \`${unknownName}\`; the options are \`signal\`, \`timeoutMs\``));
    expect(error).toBeInstanceOf(TypeError);
    expect(batcher.stats.submitted).toBe(0);
    const viaObservable = await new Promise((resolve) => batcher.submit$(1, submitOptions as never).subscribe({ error: resolve }));
    expect(viaObservable).toEqual(error);
  });

  it('accepts the valid names, with or without values', async () => {
    const batcher = createBatcher(echo, { maxSize: 1 });
    await expect(batcher.submit(1, {})).resolves.toBe(1);
    await expect(batcher.submit(2, { signal: undefined, timeoutMs: undefined })).resolves.toBe(2);
    await expect(batcher.submit(3, { signal: new AbortController().signal, timeoutMs: 1000 })).resolves.toBe(3);
  });

  it('rejects with the signal’s reason when it is already aborted, without calling the batch function', async () => {
    const calls: number[][] = [];
    const batcher = createBatcher((r: number[]) => (calls.push(r), r), { maxSize: 1 });
    const reason = new DOMException('stop', 'AbortError');
    await expect(batcher.submit(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });
});

describe('the batching policies are checked at construction like every other option', () => {
  const retryNumberRules: Array<[field: string, rule: string, accepts: (n: number) => boolean]> = [
    ['count', 'an integer from 1 and up', (n) => Number.isInteger(n) && n >= 1],
    ['delayMs', 'a number from 0 to 2147483647', (n) => n >= 0 && n <= 2 ** 31 - 1],
    ['jitter', 'a number from 0 to 1', (n) => n >= 0 && n <= 1],
    ['maxBackoffMs', 'a number from `retry.delayMs` (10) to 2147483647', (n) => n >= 10 && n <= 2 ** 31 - 1],
  ];
  const badRetry = retryNumberRules.flatMap(([field, rule, accepts]) =>
    kinds
      .filter(([, value]) => typeof value !== 'number' || !accepts(value))
      .map(([kind, value, shown]) => ({
        name: `retry.${field}: ${kind}`,
        retry: { count: 2, delayMs: 10, [field]: value },
        errorClass: typeof value === 'number' ? RangeError : TypeError,
        message: `Expected \`retry.${field}\` to be ${rule}, got ${shown}`,
      })),
  );

  it.each(badRetry)('$name', ({ retry, errorClass, message }) => {
    const error = (() => { try { createBatcher(echo, { retry }); } catch (e) { return e; } })();
    expect(error).toEqual(new errorClass(message));
    expect(() => batchRequests(echo, { retry })).toThrow(new errorClass(message));
  });

  it.each([
    ['retry itself', 5, new TypeError('Expected `retry` options to be an object, got `5` (number)')],
    ['a missing count', { delayMs: 1 }, new TypeError('Expected `retry.count` to be an integer from 1 and up, got `undefined` (undefined)')],
    ['a missing delayMs', { count: 1 }, new TypeError('Expected `retry.delayMs` to be a number from 0 to 2147483647, got `undefined` (undefined)')],
    ['an unknown retry field', { count: 1, delayMs: 1, retries: 3 }, new TypeError('Unknown `retry` option `retries`; the options are `count`, `delayMs`, `backoff`, `maxBackoffMs`, `jitter`, `random`, `when`')],
    ['a backoff name', { count: 1, delayMs: 1, backoff: 'linear' }, new TypeError('Expected `retry.backoff` to be "exponential" or "fixed", got `"linear"` (string)')],
    ['when', { count: 1, delayMs: 1, when: true }, new TypeError('Expected `retry.when` to be a function, got `true` (boolean)')],
    ['random', { count: 1, delayMs: 1, random: 0.5 }, new TypeError('Expected `retry.random` to be a function, got `0.5` (number)')],
  ])('refuses %s', (_name, retry, error) => {
    expect(() => createBatcher(echo, { retry: retry as never })).toThrow(error);
  });

  it.each(kinds.filter(([, value]) => typeof value !== 'function'))('refuses partitionBy that is %s', (_kind, value, shown) => {
    expect(() => createBatcher(echo, { partitionBy: value as never })).toThrow(new TypeError(`Expected \`partitionBy\` to be a function, got ${shown}`));
  });

  it.each(kinds.filter(([, value]) => typeof value !== 'function'))('refuses weigh that is %s', (_kind, value, shown) => {
    expect(() => createBatcher(echo, { weigh: value as never, maxWeight: 1 })).toThrow(new TypeError(`Expected \`weigh\` to be a function, got ${shown}`));
  });

  it.each(kinds.filter(([, value]) => typeof value !== 'boolean'))('refuses dedupe that is %s', (_kind, value, shown) => {
    expect(() => createBatcher(echo, { dedupe: value as never })).toThrow(new TypeError(`Expected \`dedupe\` to be true or false, got ${shown}`));
  });

  it('accepts every policy at its edges', () => {
    expect(() => createBatcher(echo, {
      weigh: () => 0, maxWeight: Number.MIN_VALUE, partitionBy: () => 0, dedupe: false,
      retry: { count: 1, delayMs: 0, backoff: 'fixed', maxBackoffMs: 0, jitter: 1, random: () => 0, when: () => false },
    })).not.toThrow();
  });
});

describe('of several bad options, the same one is reported every time', () => {
  const echo = (requests: number[]) => requests;

  it('in the order of the rule table: maxSize before the weight options', () => {
    expect(() => createBatcher(echo, { maxSize: 0, maxWeight: 5 } as never)).toThrow(/`maxSize`/);
    expect(() => createBatcher(echo, { maxDelayMs: -1, weigh: 'no' } as never)).toThrow(/`maxDelayMs`/);
  });

  it('reads own names only: a null-prototype object is fine, an inherited name is not an option', () => {
    const withoutPrototype = Object.assign(Object.create(null) as object, { maxSize: 3, bogus: 1 });
    expect(() => createBatcher(echo, withoutPrototype as never)).toThrow(/`bogus`/);
    const inheriting = Object.create({ bogus: 1 }) as object;
    expect(() => createBatcher(echo, inheriting as never)).not.toThrow();
  });
});
