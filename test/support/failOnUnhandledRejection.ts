// Fails the test during which a promise rejection went unhandled: a batcher must never leave one behind
// (every caller's promise is theirs to handle, and nothing inside may reject into the void).
import { setImmediate as realSetImmediate } from 'node:timers';

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', record);
});

afterAll(() => {
  process.off('unhandledRejection', record);
});

afterEach(async () => {
  // Node reports an unhandled rejection once the microtask queue has drained; let it.
  await new Promise((resolve) => realSetImmediate(resolve));
  const found = unhandled.splice(0);
  if (found.length > 0) {
    throw new Error(`Unhandled promise rejection during this test: ${found.map(String).join('; ')}`);
  }
});
