// The README's SQS-style recipe, run as a test (readme-recipes.test.ts checks the README shows exactly this).

import { createBatcher } from '../../src/index.js';

// A stand-in for SQS's SendMessageBatch with its classic limits: 10 entries and 256 KiB per call, per queue.
// It fails some entries on their own, as SQS reports them in `Failed` (here: the first try of "flaky" bodies).
const sent: Array<{ queue: string; bodies: string[] }> = [];
const triedOnce = new Set<string>();
async function sendMessageBatch(queue: string, entries: Array<{ Id: string; MessageBody: string }>) {
  const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody), 0);
  if (entries.length > 10 || bytes > 256 * 1024) throw new Error('AWS.SimpleQueueService.BatchRequestTooLong');
  const Failed = entries.filter((e) => e.MessageBody.startsWith('flaky') && !triedOnce.has(e.MessageBody));
  for (const e of Failed) triedOnce.add(e.MessageBody);
  sent.push({ queue, bodies: entries.filter((e) => !Failed.includes(e)).map((e) => e.MessageBody) });
  return { Failed: Failed.map((e) => ({ Id: e.Id, Code: 'ServiceUnavailable' })) };
}

class EntryFailed extends Error {
  constructor(readonly code: string) { super(`SQS entry failed: ${code}`); }
}

interface Message { queue: string; body: string }

const publisher = createBatcher(
  async (messages: Message[], { partition }) => {
    const entries = messages.map((m, i) => ({ Id: String(i), MessageBody: m.body }));
    const { Failed } = await sendMessageBatch(String(partition), entries);
    const failedById = new Map(Failed.map((f) => [f.Id, f.Code]));
    return messages.map((_, i) => (failedById.has(String(i)) ? new EntryFailed(failedById.get(String(i))!) : 'sent'));
  },
  {
    maxSize: 10, // entries per SendMessageBatch
    weigh: (m: Message) => Buffer.byteLength(m.body),
    maxWeight: 256 * 1024, // bytes per SendMessageBatch
    partitionBy: (m: Message) => m.queue, // one batch per queue
    maxDelayMs: 5,
    retry: { count: 3, delayMs: 100, jitter: 0.5, when: (error) => error instanceof EntryFailed },
  },
);

test('SQS-style: 10 entries and 256 KiB per call, one queue per batch, failed entries retried', async () => {
  jest.useFakeTimers(); // the 5 ms window and the retry's backoff pass in virtual time
  const big = 'x'.repeat(100 * 1024);
  const settled = publisher.submitMany([
    { queue: 'orders', body: big }, { queue: 'orders', body: big }, { queue: 'orders', body: big },
    { queue: 'emails', body: 'flaky hello' }, { queue: 'emails', body: 'bye' },
  ]);
  await jest.advanceTimersByTimeAsync(200);
  const results = await settled;
  expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  expect(sent.filter((s) => s.queue === 'orders').map((s) => s.bodies.length)).toEqual([2, 1]);
  expect(sent.filter((s) => s.queue === 'emails').map((s) => s.bodies)).toEqual([['bye'], ['flaky hello']]);
  expect(publisher.stats.retries).toBe(1);
  await publisher.close();
  jest.useRealTimers();
});
