// Usage: node --expose-gc bench/compare-builds/recovery-after-gc.cjs <build>: how fast the per-request batcher (a new
// createBatcher(fn, { maxDelayMs: 0 }), 5 submits, await them) and dataloader run in each chunk of 1,000 iterations
// after a full gc, once a closed loop has warmed the process up as `npm run bench` does. A full gc with no batcher
// alive frees the hidden classes of rx-batcher's classes, and V8 drops the optimised code built on them; this shows
// how many iterations each library takes to get it back. <build> is a CommonJS build (npx tsc -p tsconfig.build.cjs.json --outDir <build>).
const path = require('node:path');
const DataLoader = require('dataloader');
const lib = require(path.resolve(process.argv[2], 'src/index.js'));
const echo = (xs) => Promise.resolve(xs.slice());
async function closedLoop() {
  const batcher = lib.createBatcher(echo, { maxSize: 100, maxDelayMs: 5 });
  let left = 300000;
  await Promise.all(Array.from({ length: 1000 }, async () => { while (left-- > 0) await batcher.submit(left); }));
  await batcher.close();
}
const loaders = {
  'rx-batcher': () => { const b = lib.createBatcher(echo, { maxDelayMs: 0 }); return (x) => b.submit(x); },
  dataloader: () => { const b = new DataLoader(echo, { cache: false }); return (x) => b.load(x); },
};
async function chunks(name) {
  const rates = [];
  for (let chunk = 0; chunk < 12; chunk++) {
    const startedAt = performance.now();
    for (let i = 0; i < 1000; i++) { const load = loaders[name](); await Promise.all([load(0), load(1), load(2), load(3), load(4)]); }
    rates.push(Math.round(1000 / (performance.now() - startedAt)));
  }
  return rates;
}
(async () => {
  for (let k = 0; k < 3; k++) await closedLoop();
  for (let round = 0; round < 4; round++) {
    for (const name of Object.keys(loaders)) {
      global.gc();
      console.log(`${name.padEnd(10)} thousand iterations/s in each 1,000 after a full gc: ${(await chunks(name)).join(' ')}`);
    }
  }
})();
