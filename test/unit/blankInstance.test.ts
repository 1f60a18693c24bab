import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { from, lastValueFrom, toArray, VirtualTimeScheduler } from 'rxjs';
import { batchRequests } from '../../operators/index.js';
import { createBatcher } from '../../src/index.js';
import { blankInstance } from '../../operators/internal/blankInstance.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Waits a macrotask (a WeakRef's target is kept until the job that made or read it is over), then a full gc. */
async function fullGcSoon(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
}

describe('blankInstance (the blank each stream-path class keeps)', () => {
  it('makes the blank, and makes none while one is being made', () => {
    const inner: Array<object | undefined> = [];
    const blank = blankInstance(() => {
      inner.push(blankInstance(() => ({ nested: true })));
      return { outer: true };
    });
    expect(blank).toEqual({ outer: true });
    expect(inner).toEqual([undefined]);
  });

  it('can make a blank again after a constructor threw while making one', () => {
    expect(() => blankInstance(() => {
      throw new Error('constructor failed');
    })).toThrow('constructor failed');
    expect(blankInstance(() => 'made')).toBe('made');
  });

  // This file's module registry is fresh, so the first stream and batcher below make every blank. A blank that
  // kept the user's scheduler, batch function or subscriber would keep them for the life of the process.
  it("keeps none of the first stream's or batcher's objects once they are done", async () => {
    const refs = await (async () => {
      const scheduler = new VirtualTimeScheduler();
      const batchFunction = (requests: number[]) => Promise.resolve(requests.map((n) => n * 2));
      const results = await lastValueFrom(
        from([1, 2, 3]).pipe(batchRequests(batchFunction, { maxSize: 2, maxDelayMs: 5, concurrency: 1, scheduler }), toArray()),
      );
      expect(results).toEqual([2, 4, 6]);
      const batcherFunction = (requests: string[]) => Promise.resolve(requests);
      const batcher = createBatcher(batcherFunction, { maxSize: 2, maxDelayMs: 0, concurrency: 1 });
      await expect(Promise.all([batcher.submit('a'), batcher.submit('b'), batcher.submit('c')])).resolves.toEqual(['a', 'b', 'c']);
      await batcher.close();
      return [new WeakRef(scheduler), new WeakRef(batchFunction), new WeakRef(batcherFunction), new WeakRef(batcher)];
    })();
    await fullGcSoon();
    expect(refs.map((ref) => ref.deref())).toEqual([undefined, undefined, undefined, undefined]);
  });
});
