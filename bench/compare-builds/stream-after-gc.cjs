// Usage: node --expose-gc bench/compare-builds/stream-after-gc.cjs <build dir A> <build dir B> [rounds=21]
// The harness's stream case in small, for two CommonJS builds in one process: each round, for each build in turn
// (the order rotating), a full gc, two untimed runs and one timed run of from(200,000).pipe(batchRequests(echo,
// { maxSize: 100, maxDelayMs: 5 })) on one operator. Prints each build's median rate and B ÷ A. Run it with the
// builds in both orders: the build loaded second meets RxJS code the first one has already optimised.
const path = require('node:path');
const { from } = require('rxjs');

const dirs = process.argv.slice(2, 4).map((dir) => path.resolve(dir));
const rounds = Number(process.argv[4] ?? 21);
const builds = dirs.map((dir) => require(path.join(dir, 'operators/index.js')));
const echo = (requests) => Promise.resolve(requests.slice());
const items = Array.from({ length: 200_000 }, (_, i) => i);

const runOnce = (operator) =>
  new Promise((resolve, reject) => from(items).pipe(operator).subscribe({ error: reject, complete: resolve }));
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

(async () => {
  const rates = builds.map(() => []);
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < builds.length; k++) {
      const i = (k + Math.max(round, 0)) % builds.length;
      const operator = builds[i].batchRequests(echo, { maxSize: 100, maxDelayMs: 5 });
      global.gc();
      await runOnce(operator);
      await runOnce(operator);
      const start = performance.now();
      await runOnce(operator);
      if (round >= 0) rates[i].push(items.length / ((performance.now() - start) / 1000));
    }
  }
  const [a, b] = rates.map(median);
  console.log(`A ${(a / 1e6).toFixed(1)}M items/s  B ${(b / 1e6).toFixed(1)}M items/s  B ÷ A ${(b / a).toFixed(2)}×`);
})();
