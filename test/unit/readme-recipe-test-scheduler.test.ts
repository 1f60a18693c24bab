// The README's "Testing code that uses rx-batcher" recipe for TestScheduler, verbatim but for the import path
// (test/unit/readme-recipes.test.ts checks that they match).

import { TestScheduler } from 'rxjs/testing';
import { createBatcher } from '../../src/index.js';

describe('users, in virtual time', () => {
  let testScheduler: TestScheduler;
  beforeEach(() => {
    testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('sends what arrives within maxDelayMs in one call', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const calls: number[][] = [];
      // The batch function returns an Observable: a backend that answers 20 ms after the call.
      const users = createBatcher(
        (ids: number[]) => {
          calls.push(ids);
          return cold('20ms (r|)', { r: ids.map((id) => ({ id, name: `user ${id}` })) });
        },
        { maxSize: 100, maxDelayMs: 50 },
      );
      expectObservable(users.submit$(1)).toBe('70ms (u|)', { u: { id: 1, name: 'user 1' } });
      expectObservable(users.submit$(2)).toBe('70ms (u|)', { u: { id: 2, name: 'user 2' } });
      flush();
      expect(calls).toEqual([[1, 2]]);
    });
  });
});
