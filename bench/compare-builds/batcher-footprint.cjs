// Usage: node --expose-gc bench/compare-builds/batcher-footprint.cjs <build> [<build> …]: heap bytes one idle batcher
// keeps (createBatcher(fn, { maxDelayMs: 0 }), nothing submitted), 50,000 of them alive at once, for each CommonJS
// build (npx tsc -p tsconfig.build.cjs.json --outDir <build>), and for new DataLoader(fn, { cache: false }).
const path = require('node:path');
const DataLoader = require('dataloader');
const echo = (requests) => Promise.resolve(requests.slice());
const count = 50000;
function bytesPerInstance(make) {
  const kept = new Array(count);
  global.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) kept[i] = make();
  global.gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== count) throw new Error('unreachable: keeps the instances alive through the gc');
  return Math.round((after - before) / count);
}
for (const build of process.argv.slice(2)) {
  const { createBatcher } = require(path.resolve(build, 'src/index.js'));
  console.log(`${build}: ${bytesPerInstance(() => createBatcher(echo, { maxDelayMs: 0 }))} bytes per batcher`);
}
console.log(`dataloader: ${bytesPerInstance(() => new DataLoader(echo, { cache: false }))} bytes per loader`);
