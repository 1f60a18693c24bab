// Usage: [GC=1] node --expose-gc bench/compare-builds/stream-steady-state.cjs <old build dir> <new build dir>
// The harness's stream case (batchRequests, the promise echo, maxSize 100, maxDelayMs 5) on two CommonJS builds in
// one process, alternating, 21 rounds, medians; GC=1 runs a full gc before each timed run, as bench/run.ts does.
const path = require('node:path');
const { from, lastValueFrom, count } = require('rxjs');
const [oldDir, newDir] = process.argv.slice(2).map((dir) => path.resolve(dir));
const libs = { old: require(path.join(oldDir, 'operators/index.js')), new: require(path.join(newDir, 'operators/index.js')) };
const echo = (xs) => Promise.resolve(xs.slice());
const items = Array.from({ length: 200000 }, (_, i) => i);
const run = async (lib) => { const t = performance.now(); await lastValueFrom(from(items).pipe(lib.batchRequests(echo, { maxSize: 100, maxDelayMs: 5 }), count())); return 200000 / (performance.now() - t) * 1000; };
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
(async () => {
  const r = { old: [], new: [] };
  for (let i = 0; i < 5; i++) { await run(libs.old); await run(libs.new); }
  for (let round = 0; round < 21; round++) for (const k of round % 2 ? ['old', 'new'] : ['new', 'old']) { if (process.env.GC) global.gc(); await run(libs[k]); r[k].push(await run(libs[k])); }
  console.log(`stream old ${median(r.old).toFixed(0)}/s new ${median(r.new).toFixed(0)}/s new/old ${(median(r.new) / median(r.old)).toFixed(2)}×`);
})();
