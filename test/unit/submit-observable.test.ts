import { firstValueFrom, take, toArray } from 'rxjs';
import { createBatcher } from '../../src/index.js';

describe('submit$: a cold Observable per request', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('submits only when subscribed, then emits the result and completes', async () => {
    const seen: number[][] = [];
    const batcher = createBatcher((r: number[]) => (seen.push([...r]), r.map((n) => n + 1)), { maxSize: 1 });
    const answer$ = batcher.submit$(41);
    expect(batcher.stats.submitted).toBe(0);
    await expect(firstValueFrom(answer$.pipe(toArray()))).resolves.toEqual([42]);
    expect(seen).toEqual([[41]]);
  });

  it('submits again on each subscription', async () => {
    const batcher = createBatcher((r: number[]) => r, { maxSize: 1 });
    const answer$ = batcher.submit$(1);
    await firstValueFrom(answer$);
    await firstValueFrom(answer$);
    expect(batcher.stats.submitted).toBe(2);
  });

  it('withdraws the request when unsubscribed before dispatch', async () => {
    const seen: number[][] = [];
    const batcher = createBatcher((r: number[]) => (seen.push([...r]), r), { maxSize: 10, maxDelayMs: 50 });
    const subscription = batcher.submit$(1).subscribe();
    batcher.submit$(2).pipe(take(1)).subscribe();
    subscription.unsubscribe();
    expect(batcher.stats.queued).toBe(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([[2]]);
  });

  it('errors with the batch function’s error', async () => {
    const boom = new Error('boom');
    const batcher = createBatcher((): number[] => { throw boom; }, { maxSize: 1 });
    await expect(firstValueFrom(batcher.submit$(1))).rejects.toBe(boom);
  });
});
