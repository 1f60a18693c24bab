// The README's "Testing code that uses rx-batcher" recipe for jest fake timers, verbatim but for the import path
// (test/unit/readme-recipes.test.ts checks that they match).

import { createBatcher } from '../../src/index.js';

// A real async batch function: a stand-in for a database that answers in 20 ms.
async function fetchUsers(ids: number[]) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return ids.map((id) => ({ id, name: `user ${id}` }));
}

describe('users, with fake timers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends what arrives within maxDelayMs in one call', async () => {
    const calls: number[][] = [];
    const users = createBatcher(
      (ids: number[]) => {
        calls.push(ids);
        return fetchUsers(ids);
      },
      { maxSize: 100, maxDelayMs: 50 },
    );
    const answers = Promise.all([users.submit(1), users.submit(2)]);
    await jest.advanceTimersByTimeAsync(50); // the batch goes out here...
    expect(calls).toEqual([[1, 2]]);
    await jest.advanceTimersByTimeAsync(20); // ...and the database answers here
    await expect(answers).resolves.toEqual([{ id: 1, name: 'user 1' }, { id: 2, name: 'user 2' }]);
  });
});
