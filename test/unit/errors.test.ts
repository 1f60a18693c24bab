import { TestScheduler } from 'rxjs/testing';
import {
  BatcherClosedError,
  BatchResultError,
  createBatcher,
  QueueFullError,
  RequestFailedError,
  TimeoutError,
} from '../../src/index.js';

describe('every rx-batcher error has a stable name and code, and says what to do', () => {
  it.each([
    ['QueueFullError', new QueueFullError(3), 'ERR_RX_BATCHER_QUEUE_FULL'],
    ['BatcherClosedError', new BatcherClosedError(), 'ERR_RX_BATCHER_CLOSED'],
    ['TimeoutError', new TimeoutError('took too long', 100), 'ERR_RX_BATCHER_TIMEOUT'],
    ['BatchResultError', new BatchResultError('bad output'), 'ERR_RX_BATCHER_BATCH_RESULT'],
    ['RequestFailedError', new RequestFailedError(1, new Error('no user 1')), 'ERR_RX_BATCHER_REQUEST_FAILED'],
  ])('%s', (name, error, code) => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  it('QueueFullError names the ways out: a bigger queue, waiting for room, or shedding load', () => {
    expect(new QueueFullError(3).message).toBe(
      'The queue is full: `maxQueueSize` (3) requests are already waiting for dispatch. ' +
        "Raise `maxQueueSize`, pass `onQueueFull: 'wait'` to make `submit` wait for room, or shed the load (answer 503)",
    );
  });

  it('BatcherClosedError says submit came after close() and what to do instead', () => {
    expect(new BatcherClosedError().message).toBe(
      'The batcher is closed: `submit` was called after `close()`. Submit before calling `close()`, or create a new batcher for new requests',
    );
  });

  it('BatcherClosedError takes a message for the other reasons a closed batcher refuses a request', () => {
    const error = new BatcherClosedError('`close()` gave up on this request: its `deadlineMs` (50 ms) passed');
    expect(error.message).toBe('`close()` gave up on this request: its `deadlineMs` (50 ms) passed');
    expect(error.name).toBe('BatcherClosedError');
    expect(error.code).toBe('ERR_RX_BATCHER_CLOSED');
  });

  it('a TimeoutError from rx-batcher can be told apart from AbortSignal.timeout()’s by code, though their names are the same', async () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const ours = testScheduler.run(({ flush }) => {
      const batcher = createBatcher((r: number[]) => r, { maxSize: 10, maxDelayMs: 50 });
      const answer = batcher.submit(1, { timeoutMs: 10 }).catch((e: unknown) => e);
      flush();
      return answer;
    });
    const theirs = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const error = (await ours) as TimeoutError;
    expect(error.name).toBe(theirs.name);
    expect(error.code).toBe('ERR_RX_BATCHER_TIMEOUT');
    expect((theirs as { code?: unknown }).code).not.toBe('ERR_RX_BATCHER_TIMEOUT');
    expect(error).toBeInstanceOf(TimeoutError);
    expect(theirs).not.toBeInstanceOf(TimeoutError);
  });
});
