/**
 * rx-batcher in one screen: 250 callers each ask for one square root; the batch function runs a handful of
 * times. The first wave fills batches of 100 at once (count flushes); callers that trickle in one by one
 * are sent in groups, each 20 ms after the group's first caller arrived (time flushes). Run: `npm run quickstart`.
 */
import { createBatcher } from '../src/index.js';

const startedAt = performance.now();
const elapsed = () => `${(performance.now() - startedAt).toFixed(1).padStart(6)} ms`;

const squareRoots = createBatcher(
  async (numbers: number[]) => {
    console.log(`${elapsed()}  batch of ${String(numbers.length).padStart(3)}: ${numbers[0]} … ${numbers.at(-1)}`);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a backend round trip
    return numbers.map(Math.sqrt);
  },
  { maxSize: 100, maxDelayMs: 20, concurrency: 2 },
);

async function main() {
  console.log('220 callers at once, maxSize 100 → two full batches now, the last 20 after maxDelayMs (20 ms):');
  const wave = await Promise.all(Array.from({ length: 220 }, (_, i) => squareRoots.submit(i)));
  console.log(`${elapsed()}  all 220 answered; √144 = ${wave[144]}`);

  console.log('\n30 callers trickling in, about one per millisecond → a time flush 20 ms after each batch\'s first caller:');
  const trickle: Promise<number>[] = [];
  for (let i = 0; i < 30; i++) {
    trickle.push(squareRoots.submit(1000 + i));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(trickle);
  console.log(`${elapsed()}  all 30 answered`);

  await squareRoots.close();
  console.log('\nstats:', squareRoots.stats);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
