import { getEventListeners } from 'node:events';
import { createBatcher } from '../../src/index.js';
import { deferred, observe } from '../support/observe.js';

describe('many requests sharing one AbortSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('listen with one listener on the signal, and all leave when it aborts', async () => {
    const backend = deferred<number[]>();
    const batcher = createBatcher(() => backend.promise, { maxSize: 12, maxDelayMs: 5 });
    const perHttpRequest = new AbortController();
    const lookups = Array.from({ length: 24 }, (_, i) => observe(batcher.submit(i, { signal: perHttpRequest.signal })));
    expect(getEventListeners(perHttpRequest.signal, 'abort')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(0); // two full batches, dispatched, waiting for the backend
    const reason = new Error('client disconnected');
    perHttpRequest.abort(reason);
    await jest.advanceTimersByTimeAsync(5);
    expect(lookups.map((lookup) => lookup.reason)).toEqual(Array(24).fill(reason));
    expect(getEventListeners(perHttpRequest.signal, 'abort')).toHaveLength(0);
  });

  it('remove that listener once the last request on the signal has settled', async () => {
    const batcher = createBatcher((requests: number[]) => requests, { maxSize: 3, maxDelayMs: 5 });
    const shared = new AbortController();
    const answers = [1, 2, 3].map((n) => observe(batcher.submit(n, { signal: shared.signal })));
    await jest.advanceTimersByTimeAsync(0);
    expect(answers.map((answer) => answer.value)).toEqual([1, 2, 3]);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  it('print no MaxListenersExceededWarning', async () => {
    jest.useRealTimers();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const batcher = createBatcher((requests: number[]) => requests, { maxSize: 100, maxDelayMs: 0 });
      const shared = new AbortController();
      await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.submit(i, { signal: shared.signal })));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
