// Run as its own process by close.test.ts: uses a batcher, never closes it, and must still exit by itself.
import { createBatcher } from '../../src/index.js';

let calls = 0;
const batcher = createBatcher(async (requests: number[]) => {
  calls++;
  return requests;
}, { maxDelayMs: 20 });

void Promise.all([1, 2, 3].map((n) => batcher.submit(n))).then((answers) => {
  console.log(`answered ${answers.length} callers in ${calls} batch`);
});
