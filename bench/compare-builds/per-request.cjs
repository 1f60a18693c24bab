// Usage: node --expose-gc bench/compare-builds/per-request.cjs <build A> <build B>: the per-request batcher (a new
// createBatcher(fn, { maxDelayMs: 0 }), 5 submits, await them; 20,000 times) on two CommonJS builds and dataloader, in
// one process, alternating, a gc before each run, 11 rounds, medians.
const DataLoader = require('dataloader');
const path = require('node:path');
const libs = { a: require(path.resolve(process.argv[2], 'src/index.js')), b: require(path.resolve(process.argv[3], 'src/index.js')) };
const afn = async (xs) => xs.map((x) => x * 2);
const N = 20000;
const run = async (rx) => { const t = performance.now(); for (let i = 0; i < N; i++) { const b = rx.createBatcher(afn, { maxDelayMs: 0 }); await Promise.all([0,1,2,3,4].map((x) => b.submit(x))); } return N / (performance.now() - t) * 1000; };
const dl = async () => { const t = performance.now(); for (let i = 0; i < N; i++) { const b = new DataLoader(afn, { cache: false }); await Promise.all([0,1,2,3,4].map((x) => b.load(x))); } return N / (performance.now() - t) * 1000; };
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
(async () => {
  const r = { a: [], b: [], dl: [] }; const f = { a: () => run(libs.a), b: () => run(libs.b), dl };
  for (const k in f) await f[k]();
  for (let round = 0; round < 11; round++) for (const k of round % 2 ? ['a','b','dl'] : ['dl','b','a']) { global.gc(); await f[k](); r[k].push(await f[k]()); }
  console.log(`a ${median(r.a).toFixed(0)} b ${median(r.b).toFixed(0)} dl ${median(r.dl).toFixed(0)}  b/a ${(median(r.b)/median(r.a)).toFixed(2)} a/dl ${(median(r.a)/median(r.dl)).toFixed(2)} b/dl ${(median(r.b)/median(r.dl)).toFixed(2)}`);
})();
