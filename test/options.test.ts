import { asyncScheduler } from 'rxjs';
import { batchRequests, batchRequestsSettled, createBatcher } from '../src/index.js';

const echo = (requests: number[]) => requests;

describe('createBatcher rejects invalid options at construction, naming the option, the rule and the value', () => {
  const cases: Array<[string, Record<string, unknown>, ErrorConstructor, string]> = [
    ['maxSize 0', { maxSize: 0 }, RangeError, 'Expected `maxSize` to be an integer from 1 and up, got `0` (number)'],
    ['maxSize negative', { maxSize: -1 }, RangeError, 'Expected `maxSize` to be an integer from 1 and up, got `-1` (number)'],
    ['maxSize fractional', { maxSize: 2.5 }, RangeError, 'Expected `maxSize` to be an integer from 1 and up, got `2.5` (number)'],
    ['maxSize NaN', { maxSize: NaN }, RangeError, 'Expected `maxSize` to be an integer from 1 and up, got `NaN` (number)'],
    ['maxSize Infinity', { maxSize: Infinity }, RangeError, 'Expected `maxSize` to be an integer from 1 and up, got `Infinity` (number)'],
    ['maxSize string', { maxSize: '10' }, TypeError, 'Expected `maxSize` to be an integer from 1 and up, got `"10"` (string)'],
    ['maxSize null', { maxSize: null }, TypeError, 'Expected `maxSize` to be an integer from 1 and up, got `null` (null)'],
    ['maxDelayMs negative', { maxDelayMs: -5 }, RangeError, 'Expected `maxDelayMs` to be a finite number from 0 and up, got `-5` (number)'],
    ['maxDelayMs NaN', { maxDelayMs: NaN }, RangeError, 'Expected `maxDelayMs` to be a finite number from 0 and up, got `NaN` (number)'],
    ['maxDelayMs Infinity', { maxDelayMs: Infinity }, RangeError, 'Expected `maxDelayMs` to be a finite number from 0 and up, got `Infinity` (number)'],
    ['maxDelayMs string', { maxDelayMs: '5' }, TypeError, 'Expected `maxDelayMs` to be a finite number from 0 and up, got `"5"` (string)'],
    ['concurrency 0', { concurrency: 0 }, RangeError, 'Expected `concurrency` to be an integer from 1 and up, or `Infinity`, got `0` (number)'],
    ['concurrency fractional', { concurrency: 1.5 }, RangeError, 'Expected `concurrency` to be an integer from 1 and up, or `Infinity`, got `1.5` (number)'],
    ['concurrency NaN', { concurrency: NaN }, RangeError, 'Expected `concurrency` to be an integer from 1 and up, or `Infinity`, got `NaN` (number)'],
    ['concurrency -Infinity', { concurrency: -Infinity }, RangeError, 'Expected `concurrency` to be an integer from 1 and up, or `Infinity`, got `-Infinity` (number)'],
    ['concurrency boolean', { concurrency: true }, TypeError, 'Expected `concurrency` to be an integer from 1 and up, or `Infinity`, got `true` (boolean)'],
    ['maxQueueSize 0', { maxQueueSize: 0 }, RangeError, 'Expected `maxQueueSize` to be an integer from 1 and up, or `Infinity`, got `0` (number)'],
    ['maxQueueSize negative', { maxQueueSize: -10 }, RangeError, 'Expected `maxQueueSize` to be an integer from 1 and up, or `Infinity`, got `-10` (number)'],
    ['maxQueueSize bigint', { maxQueueSize: 10n }, TypeError, 'Expected `maxQueueSize` to be an integer from 1 and up, or `Infinity`, got `10n` (bigint)'],
    ['timeoutMs 0', { timeoutMs: 0 }, RangeError, 'Expected `timeoutMs` to be a finite number above 0, got `0` (number)'],
    ['timeoutMs negative', { timeoutMs: -1 }, RangeError, 'Expected `timeoutMs` to be a finite number above 0, got `-1` (number)'],
    ['timeoutMs Infinity', { timeoutMs: Infinity }, RangeError, 'Expected `timeoutMs` to be a finite number above 0, got `Infinity` (number)'],
    ['timeoutMs string', { timeoutMs: '100' }, TypeError, 'Expected `timeoutMs` to be a finite number above 0, got `"100"` (string)'],
    ['key not a function', { key: 'id' }, TypeError, 'Expected `key` to be a function, got `"id"` (string)'],
    ['key an object', { key: { id: 1 } }, TypeError, 'Expected `key` to be a function, got `Object` (object)'],
    ['scheduler without now', { scheduler: { schedule() {} } }, TypeError,
      'Expected `scheduler` to be a SchedulerLike (an object with `schedule` and `now` methods), got `Object` (object)'],
    ['scheduler a function', { scheduler: setTimeout }, TypeError,
      'Expected `scheduler` to be a SchedulerLike (an object with `schedule` and `now` methods), got `function setTimeout` (function)'],
    ['an unknown option', { maxDelay: 5 }, TypeError,
      'Unknown option `maxDelay`; the options are `maxSize`, `maxDelayMs`, `concurrency`, `maxQueueSize`, `key`, `timeoutMs`, `scheduler`'],
  ];

  it.each(cases)('%s', (_name, options, errorClass, message) => {
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
