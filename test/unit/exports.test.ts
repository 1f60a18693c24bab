import { from, lastValueFrom } from 'rxjs';
import * as root from '../../src/index.js';
import * as operators from '../../operators/index.js';

describe('the errors a user can catch are exported where they can meet them', () => {
  it.each(['BatchResultError', 'RequestFailedError', 'TimeoutError'] as const)(
    'rx-batcher/operators exports %s, the same class as rx-batcher',
    (name) => {
      expect(typeof operators[name]).toBe('function');
      expect(operators[name]).toBe(root[name]);
    },
  );

  it.each(['BatchResultError', 'BatcherClosedError', 'QueueFullError', 'RequestFailedError', 'TimeoutError'] as const)(
    'rx-batcher exports %s',
    (name) => expect(new root[name]('x' as never, undefined as never)).toBeInstanceOf(Error),
  );

  it('a failed request in batchRequests is caught as the RequestFailedError rx-batcher/operators exports', async () => {
    const failing = lastValueFrom(from([1]).pipe(operators.batchRequests((ids: number[]) => ids.map(() => new Error('no user')))));
    await expect(failing).rejects.toBeInstanceOf(operators.RequestFailedError);
  });
});
