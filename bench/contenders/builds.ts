import { createRequire } from 'node:module';
import path from 'node:path';
import type { Contender } from './contender.js';
import { rxBatcherContenderOf, type RxBatcherLibrary } from './rx-batcher.js';

const requireBuild = createRequire(__filename);

/** Whether a build knows `partitionBy` (issue 11); an older one rejects it as an unknown option name. */
function acceptsPartitionBy(library: RxBatcherLibrary): boolean {
  try {
    void library.createBatcher<number, number>((requests) => requests.slice(), { partitionBy: () => 0 }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Contenders for `--builds=before:.scratch/before,after:.scratch/after`: each a CommonJS build of rx-batcher (its
 * `src/index.js`, compiled by tsc as users get it), so two commits race in one process. A build's `rxjs`
 * resolves from where the build lies; keep builds inside this repository so both share its `node_modules`. A
 * build from before `partitionBy` sits the partitions case out.
 */
export function buildContenders(spec: string | undefined): Contender[] {
  if (spec === undefined) return [];
  return spec.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    if (separator <= 0) throw new Error(`--builds wants label:folder pairs, got ${JSON.stringify(entry)}`);
    const label = entry.slice(0, separator);
    const folder = path.resolve(entry.slice(separator + 1));
    const library = requireBuild(path.join(folder, 'src', 'index.js')) as RxBatcherLibrary;
    const description = `rx-batcher built from ${path.relative(process.cwd(), folder)}`;
    return rxBatcherContenderOf(`rx-batcher@${label}`, description, library, { partitions: acceptsPartitionBy(library) });
  });
}
