// Compile-time checks of the public types: `npm test` runs `tsc` over this file before jest, so a wrong type
// fails the suite. The runtime assertions below only keep jest from reporting an empty file.
import { expectTypeOf } from 'expect-type';
import { from, type Observable, type OperatorFunction } from 'rxjs';
import {
  batchRequests,
  batchRequestsSettled,
  bufferTimeOrCount,
  createBatcher,
  type Batcher,
  type BatcherStats,
  type SettledRequest,
} from '../src/index.js';

interface User { id: number; name: string }

/** Type-checks `body` without running it: these checks are about types, and calling `submit` here would leave promises behind. */
function typeOnly(body: () => void): void {
  expect(typeof body).toBe('function');
}

describe('public types', () => {
  it('infers Req and Res from the batch function', () => typeOnly(() => {
    const users = createBatcher(async (ids: number[]) => ids.map((id): User => ({ id, name: `#${id}` })));
    expectTypeOf(users).toEqualTypeOf<Batcher<number, User>>();
    expectTypeOf(users.submit(1)).toEqualTypeOf<Promise<User>>();
    expectTypeOf(users.submit$(1)).toEqualTypeOf<Observable<User>>();
    expectTypeOf(users.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(users.stats).toEqualTypeOf<BatcherStats>();
    // @ts-expect-error a request of the wrong type
    users.submit('1');
    // @ts-expect-error an unknown submit option
    users.submit(1, { deadline: 5 });
  }));

  it('types the key from the options for Map results', () => typeOnly(() => {
    const byId = createBatcher(
      (requests: Array<{ id: string }>) => new Map(requests.map((r) => [r.id, r.id.length])),
      { key: (request) => request.id },
    );
    expectTypeOf(byId.submit({ id: 'a' })).toEqualTypeOf<Promise<number>>();
    createBatcher(
      (requests: Array<{ id: string }>) => new Map(requests.map((r) => [r.id, 1])),
      // @ts-expect-error the key must match the Map's key type
      { key: (request: { id: string }) => request.id.length },
    );
  }));

  it('refuses options of the wrong type', () => typeOnly(() => {
    // @ts-expect-error maxSize is a number
    createBatcher((r: number[]) => r, { maxSize: '10' });
    // @ts-expect-error an unknown option
    createBatcher((r: number[]) => r, { maxDelay: 10 });
    // @ts-expect-error the batch function must return results, not nothing
    createBatcher((r: number[]) => { void r; });
  }));

  it('types the operators', () => typeOnly(() => {
    expectTypeOf(bufferTimeOrCount<string>(10, 5)).toEqualTypeOf<OperatorFunction<string, string[]>>();
    const lengths = from(['a', 'bb']).pipe(batchRequests((words: string[]) => words.map((w) => w.length)));
    expectTypeOf(lengths).toEqualTypeOf<Observable<number>>();
    const settled = from(['a']).pipe(batchRequestsSettled((words: string[]) => words.map((w) => w.length)));
    expectTypeOf(settled).toEqualTypeOf<Observable<SettledRequest<string, number>>>();
  }));
});
