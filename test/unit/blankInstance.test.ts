import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asyncScheduler, from, lastValueFrom, toArray, VirtualTimeScheduler } from 'rxjs';
import { batchRequests } from '../../operators/index.js';
import { BatchDeadline } from '../../operators/internal/batchDeadline.js';
import { createBatcher } from '../../src/index.js';
import { blankInstance } from '../../operators/internal/blankInstance.js';

/** Every blank this file's modules make, in the order they are made. */
const blanksMade: unknown[] = [];
jest.mock('../../operators/internal/blankInstance.js', () => {
  const actual = jest.requireActual<typeof import('../../operators/internal/blankInstance.js')>('../../operators/internal/blankInstance.js');
  return {
    blankInstance<T>(make: () => T): T | undefined {
      const blank = actual.blankInstance(make);
      if (blank !== undefined) blanksMade.push(blank);
      return blank;
    },
  };
});

setFlagsFromString('--expose-gc');
setFlagsFromString('--allow-natives-syntax');
const collectGarbage = runInNewContext('gc') as () => void;
// V8's own test of whether two objects have the same hidden class; compiled after the flag above is set.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const haveSameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;

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

  // This file's module registry is fresh, so the first stream below makes every blank (and the batcher after it
  // makes none). A blank that kept the user's scheduler, batch function or subscriber, or the batcher's dispatcher,
  // would keep them for the life of the process.
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

  // A blank keeps a hidden class only while it has the one real instances have. A field that starts as a small
  // integer and is later given a fraction or a large number (a clock reading) moves every live instance to a new
  // hidden class, and leaves the blank on the old one.
  it('has the hidden class of a deadline that has run on a real clock', () => {
    const owner = { isFilling: () => true, deadlinePassed: () => {} };
    const deadline = new BatchDeadline(5, asyncScheduler, owner);
    deadline.start();
    deadline.cancel();
    expect(blanksMade.length).toBeGreaterThan(0);
    expect(blanksMade.some((blank) => haveSameHiddenClass(blank, deadline))).toBe(true);
  });
});
