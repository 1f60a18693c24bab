import { createRequire } from 'node:module';
import path from 'node:path';
import type { Contender } from './contender.js';
import { rxBatcherContenderOf, type RxBatcherLibrary } from './rx-batcher.js';

const requireBuild = createRequire(__filename);

/**
 * Contenders for `--builds=before:.scratch/before,after:.scratch/after`: each a CommonJS build of rx-batcher (its
 * `src/index.js`, compiled by tsc as users get it), so two commits race in one process. A build's `rxjs`
 * resolves from where the build lies; keep builds inside this repository so both share its `node_modules`.
 */
export function buildContenders(spec: string | undefined): Contender[] {
  if (spec === undefined) return [];
  return spec.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    if (separator <= 0) throw new Error(`--builds wants label:folder pairs, got ${JSON.stringify(entry)}`);
    const label = entry.slice(0, separator);
    const folder = path.resolve(entry.slice(separator + 1));
    const library = requireBuild(path.join(folder, 'src', 'index.js')) as RxBatcherLibrary;
    return rxBatcherContenderOf(`rx-batcher@${label}`, `rx-batcher built from ${path.relative(process.cwd(), folder)}`, library);
  });
}
