const { from, lastValueFrom, count } = require('rxjs');
// Usage: node --expose-gc bench/compare-builds/compare.cjs <old build dir> <new build dir> (CommonJS builds whose
// rxjs resolves to this repository's node_modules, e.g. under .scratch/), 9 interleaved rounds, medians.
const path = require('node:path');
const [oldDir, newDir] = process.argv.slice(2).map((dir) => path.resolve(dir));
const versions = { old: require(path.join(oldDir, 'src/index.js')), new: require(path.join(newDir, 'src/index.js')) };
const fn = (xs) => xs.map((x) => x * 2);
const afn = async (xs) => xs.map((x) => x * 2);
const cases = {
  async burst(lib) { const b = lib.createBatcher(fn, { maxSize: 100, maxDelayMs: 1 }); const t = performance.now(); const ps = []; for (let i = 0; i < 100000; i++) ps.push(b.submit(i)); await Promise.all(ps); return 100000 / (performance.now() - t) * 1000; },
  async closedLoop(lib) { const b = lib.createBatcher(afn, { maxSize: 100, maxDelayMs: 1 }); const t = performance.now(); let done = 0; await Promise.all(Array.from({ length: 200 }, async () => { for (let i = 0; i < 500; i++) { await b.submit(i); done++; } })); return done / (performance.now() - t) * 1000; },
  async stream(lib) { const t = performance.now(); await lastValueFrom(from(Array.from({ length: 200000 }, (_, i) => i)).pipe(lib.batchRequests(fn, { maxSize: 100 }), count())); return 200000 / (performance.now() - t) * 1000; },
  async perRequest(lib) { const t = performance.now(); for (let i = 0; i < 10000; i++) { const b = lib.createBatcher(afn, { maxDelayMs: 0 }); await Promise.all([0,1,2,3,4].map((x) => b.submit(x))); } return 10000 / (performance.now() - t) * 1000; },
};
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
(async () => {
  for (const [name, run] of Object.entries(cases)) {
    const r = { old: [], new: [] };
    await run(versions.old); await run(versions.new);
    for (let round = 0; round < 9; round++) for (const v of round % 2 ? ['old', 'new'] : ['new', 'old']) { global.gc(); await run(versions[v]); r[v].push(await run(versions[v])); }
    console.log(`${name.padEnd(11)} old ${median(r.old).toFixed(0).padStart(10)}/s  new ${median(r.new).toFixed(0).padStart(10)}/s  new/old ${(median(r.new) / median(r.old)).toFixed(2)}×`);
  }
})();
