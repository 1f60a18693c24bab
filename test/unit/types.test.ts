// Compile-time checks of the public types: `npm test` runs `tsc` over this file before jest, so a wrong type
// fails the suite. The runtime assertions below only keep jest from reporting an empty file.
import { expectTypeOf } from 'expect-type';
import { from, type Observable, type OperatorFunction } from 'rxjs';
import {
  batchRequests,
  batchRequestsSettled,
  bufferTimeOrCount,
  createBatcher,
  QueueFullError,
  TimeoutError,
  type Batcher,
  type BatcherOptions,
  type BatcherStats,
  type SettledRequest,
} from '../../src/index.js';
import * as operators from '../../operators/index.js';

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

  it('without `key`, a Map output must be keyed by the requests themselves', () => typeOnly(() => {
    // @ts-expect-error number requests, a Map keyed by strings: every request would miss
    createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])));
    // @ts-expect-error the same with other options, but no `key`
    createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])), { maxSize: 10 });
    // @ts-expect-error object requests, a Map keyed by their id
    createBatcher((users: User[]) => new Map(users.map((user) => [user.id, user.name])));
    // @ts-expect-error the operator checks the same
    from([1]).pipe(batchRequests((ids: number[]) => new Map(ids.map((id) => [String(id), id]))));
    // @ts-expect-error and its settled twin
    from([1]).pipe(batchRequestsSettled((ids: number[]) => new Map(ids.map((id) => [String(id), id])), { maxSize: 10 }));

    expectTypeOf(createBatcher(async (ids: number[]) => new Map(ids.map((id) => [id, String(id)]))))
      .toEqualTypeOf<Batcher<number, string>>();
    expectTypeOf(createBatcher(async (ids: number[]) => ids.map(String), { maxSize: 10 })).toEqualTypeOf<Batcher<number, string>>();
    const lengths = from(['a']).pipe(batchRequests((words: string[]) => new Map(words.map((w) => [w, w.length]))));
    expectTypeOf(lengths).toEqualTypeOf<Observable<number>>();
  }));

  it('with `key`, a Map output is keyed by what `key` returns', () => typeOnly(() => {
    const byName = createBatcher((users: User[]) => new Map(users.map((user) => [user.name, user.id])), { key: (user) => user.name });
    expectTypeOf(byName).toEqualTypeOf<Batcher<User, number>>();
    const byString = createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])), { key: String, maxSize: 10 });
    expectTypeOf(byString).toEqualTypeOf<Batcher<number, number>>();
    // Options declared elsewhere: their type must say that `key` is there.
    const options = { key: (id: number) => String(id), maxSize: 10 } satisfies BatcherOptions<number, string>;
    expectTypeOf(createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])), options))
      .toEqualTypeOf<Batcher<number, number>>();
    const maybeKeyed: BatcherOptions<number, string> = { maxSize: 10 };
    // @ts-expect-error `key` is optional in `BatcherOptions`, so these options may have none
    createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])), maybeKeyed);
    expectTypeOf(createBatcher((ids: number[]) => ids, undefined)).toEqualTypeOf<Batcher<number, number>>();
    const plainOptions: BatcherOptions<number> = { maxSize: 10 };
    expectTypeOf(createBatcher(async (ids: number[]) => ids.map(String), plainOptions)).toEqualTypeOf<Batcher<number, string>>();
    // @ts-expect-error `key` returns numbers, the Map is keyed by strings
    createBatcher(async (ids: number[]) => new Map(ids.map((id) => [String(id), id])), { key: (id) => id * 2 });
    const names = from([{ id: 1, name: 'a' }]).pipe(
      batchRequests((users: User[]) => new Map(users.map((user) => [user.id, user.name])), { key: (user) => user.id }),
    );
    expectTypeOf(names).toEqualTypeOf<Observable<string>>();
    from([1]).pipe(batchRequestsSettled((ids: number[]) => new Map(ids.map((id) => [String(id), id])), { key: String }));
  }));

  it('gives every error a literal `code`, and exports the operators’ errors from rx-batcher/operators', () => typeOnly(() => {
    expectTypeOf(new QueueFullError(1).code).toEqualTypeOf<'ERR_RX_BATCHER_QUEUE_FULL'>();
    expectTypeOf(new TimeoutError('late', 1).code).toEqualTypeOf<'ERR_RX_BATCHER_TIMEOUT'>();
    expectTypeOf(operators.RequestFailedError).toEqualTypeOf<typeof import('../../src/index.js').RequestFailedError>();
    expectTypeOf(new operators.BatchResultError('bad').code).toEqualTypeOf<'ERR_RX_BATCHER_BATCH_RESULT'>();
  }));
});
