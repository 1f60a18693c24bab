// The README's DynamoDB-style recipe, run as a test (readme-recipes.test.ts checks the README shows exactly this).

import { createBatcher } from '../../src/index.js';

// A stand-in for DynamoDB's BatchWriteItem: at most 25 puts and 16 MB per call; under load it hands some
// items back as `UnprocessedItems` (here: every third item, on its first try), to be written again.
const tables = new Map<string, Map<string, object>>();
let calls = 0;
async function batchWriteItem(table: string, items: Array<{ id: string }>) {
  if (items.length > 25 || JSON.stringify(items).length > 16 * 1024 * 1024) throw new Error('ValidationException');
  calls++;
  const rows = tables.get(table) ?? tables.set(table, new Map()).get(table)!;
  const unprocessed = calls === 1 ? items.filter((_, i) => i % 3 === 2) : [];
  for (const item of items) if (!unprocessed.includes(item)) rows.set(item.id, item);
  return { UnprocessedItems: unprocessed };
}

class Unprocessed extends Error {}

interface Put { table: string; item: { id: string } }

const writer = createBatcher(
  async (puts: Put[], { partition }) => {
    const { UnprocessedItems } = await batchWriteItem(String(partition), puts.map((p) => p.item));
    return puts.map((p) => (UnprocessedItems.includes(p.item) ? new Unprocessed(`not written yet: ${p.item.id}`) : p.item.id));
  },
  {
    maxSize: 25,
    weigh: (p: Put) => JSON.stringify(p.item).length,
    maxWeight: 16 * 1024 * 1024,
    partitionBy: (p: Put) => p.table, // BatchWriteItem can span tables; one per batch keeps throttling per table
    retry: { count: 5, delayMs: 50, maxBackoffMs: 1000, jitter: 1, when: (error) => error instanceof Unprocessed },
  },
);

test('DynamoDB-style: 25 puts per call, per table, unprocessed items written again', async () => {
  jest.useFakeTimers();
  const puts = Array.from({ length: 30 }, (_, i) => ({ table: i % 2 ? 'users' : 'orders', item: { id: `id-${i}` } }));
  const settled = writer.submitMany(puts);
  await jest.advanceTimersByTimeAsync(1000);
  expect((await settled).every((r) => r.status === 'fulfilled')).toBe(true);
  expect(tables.get('users')?.size).toBe(15);
  expect(tables.get('orders')?.size).toBe(15);
  expect(writer.stats.retries).toBe(1);
  await writer.close();
  jest.useRealTimers();
});
