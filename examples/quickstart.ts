/**
 * rx-batcher in one screen: 250 callers each ask for one square root; the batch function runs a handful of
 * times and says why each batch went out. With maxSize 100, maxDelayMs 20 and concurrency 2:
 * - 220 callers at once: two full batches go out at once and take both slots; the last 20 keep gathering
 *   while both are busy and go out the moment one frees, whether or not maxDelayMs has passed;
 * - 25 callers trickling in, about one a millisecond: each batch goes out 20 ms after its first caller;
 * - 5 callers, then close(): sent at once, without waiting for maxDelayMs.
 * Each reason is read off what the batcher did, not assumed. Run: `npm run quickstart`.
 */
import { createBatcher } from '../src/index.js';

const maxSize = 100;
const maxDelayMs = 20;
const concurrency = 2;
const startedAt = performance.now();
const elapsed = () => `${(performance.now() - startedAt).toFixed(1).padStart(6)} ms`;

interface Question {
  readonly n: number;
  readonly askedAt: number;
}
let received = 0; // results our callers have received
let closeCalled = false;

const squareRoots = createBatcher(
  async (questions: Question[]) => {
    const waited = performance.now() - questions[0].askedAt;
    const { inFlight } = squareRoots.stats; // this call included
    console.log(
      `${elapsed()}  batch of ${String(questions.length).padStart(3)} (${questions[0].n} … ${questions.at(-1)!.n}): ` +
        `${whyItWent(questions.length, waited)} — oldest waited ${waited.toFixed(1)} ms, ${inFlight} of ${concurrency} slots busy`,
    );
    await new Promise((resolve) => setTimeout(resolve, 5)); // a backend round trip
    return questions.map(({ n }) => Math.sqrt(n));
  },
  { maxSize, maxDelayMs, concurrency },
);

function whyItWent(size: number, waited: number): string {
  // The batcher hands out a finished call's results and then fills the slot it freed, in one go: results handed
  // out that no caller has received yet mean this batch waited for that slot.
  const { resolved, rejected } = squareRoots.stats;
  const tookFreedSlot = resolved + rejected > received;
  const cut = size === maxSize ? 'full (maxSize)' : closeCalled ? 'close()' : undefined;
  if (cut !== undefined) return tookFreedSlot ? `${cut}, then a concurrency slot freed` : cut;
  if (tookFreedSlot) return 'a concurrency slot freed';
  if (waited >= maxDelayMs) return 'maxDelayMs elapsed';
  throw new Error(`no rule explains a batch of ${size} after ${waited.toFixed(1)} ms`);
}

const ask = (n: number) => squareRoots.submit({ n, askedAt: performance.now() }).finally(() => received++);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  console.log(`maxSize ${maxSize}, maxDelayMs ${maxDelayMs}, concurrency ${concurrency}\n\n220 callers at once:`);
  const wave = await Promise.all(Array.from({ length: 220 }, (_, i) => ask(i)));
  console.log(`${elapsed()}  all 220 answered; √144 = ${wave[144]}`);

  console.log('\n25 callers trickling in, about one per millisecond:');
  const trickle: Promise<number>[] = [];
  for (let i = 0; i < 25; i++) {
    trickle.push(ask(1000 + i));
    await sleep(1);
  }
  await Promise.all(trickle);
  console.log(`${elapsed()}  all 25 answered`);

  console.log('\n5 callers, then close() at once:');
  const last = Array.from({ length: 5 }, (_, i) => ask(2000 + i));
  closeCalled = true;
  await squareRoots.close();
  await Promise.all(last);
  console.log(`${elapsed()}  all 5 answered, batcher closed\n\nstats:`, squareRoots.stats);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
