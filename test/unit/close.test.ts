import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BatcherClosedError, createBatcher } from '../../src/index.js';
import { deferred, observe } from '../support/observe.js';

describe('close(): clean shutdown', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('dispatches what is queued at once, without waiting for maxDelayMs', () => {
    const seen: number[][] = [];
    const batcher = createBatcher((r: number[]) => (seen.push([...r]), r), { maxSize: 10, maxDelayMs: 60_000 });
    void batcher.submit(1);
    void batcher.submit(2);
    void batcher.close();
    expect(seen).toEqual([[1, 2]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves only once every in-flight batch has settled', async () => {
    const backend = deferred<number[]>();
    const batcher = createBatcher(() => backend.promise, { maxSize: 1 });
    const answer = observe(batcher.submit(1));
    const closed = observe(batcher.close());
    await jest.advanceTimersByTimeAsync(1000);
    expect(closed.status).toBe('pending');
    backend.resolve([10]);
    await jest.advanceTimersByTimeAsync(0);
    expect(answer).toEqual({ status: 'fulfilled', value: 10 });
    expect(closed.status).toBe('fulfilled');
    expect(batcher.stats).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it('respects concurrency while draining', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const batcher = createBatcher(async (r: number[]) => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return r;
    }, { maxSize: 1, concurrency: 2 });
    const answers = Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    const closed = batcher.close();
    await jest.advanceTimersByTimeAsync(30);
    await closed;
    await expect(answers).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(mostAtOnce).toBe(2);
  });

  it('rejects later submits with BatcherClosedError, from submit and submit$', async () => {
    const batcher = createBatcher((r: number[]) => r);
    await batcher.close();
    const error = await batcher.submit(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatcherClosedError);
    expect(error).toEqual(new BatcherClosedError());
    expect((error as Error).message).toBe(
      'The batcher is closed: `submit` was called after `close()`. Submit before calling `close()`, or create a new batcher for new requests',
    );
    expect((error as Error).name).toBe('BatcherClosedError');
    const viaObservable = await new Promise((resolve) => batcher.submit$(1).subscribe({ error: resolve }));
    expect(viaObservable).toBeInstanceOf(BatcherClosedError);
    expect(batcher.stats.submitted).toBe(0);
  });

  it('returns the same promise when called twice', () => {
    const batcher = createBatcher((r: number[]) => r);
    expect(batcher.close()).toBe(batcher.close());
  });

  it('works with `await using`', async () => {
    const seen: number[][] = [];
    let answer: Promise<number> | undefined;
    {
      // eslint-disable-next-line @typescript-eslint/await-thenable -- Batcher's [Symbol.asyncDispose] comes from a mapped type, which the rule cannot see; tsc checks `await using`
      await using batcher = createBatcher((r: number[]) => (seen.push([...r]), r), { maxDelayMs: 60_000 });
      answer = batcher.submit(7);
    }
    expect(seen).toEqual([[7]]);
    await expect(answer).resolves.toBe(7);
  });
});

describe('an idle process exits without close()', () => {
  it('exits on its own after using a batcher it never closed', () => {
    jest.useRealTimers();
    const script = join(__dirname, '..', 'support', 'idleExit.ts');
    // The timeout only keeps a broken build from hanging the suite; a passing run exits on its own.
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe('answered 3 callers in 1 batch');
    expect(child.status).toBe(0);
  });
});
