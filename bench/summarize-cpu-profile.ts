/**
 * Prints where a `node --cpu-prof` profile spent its time: the functions with the most self time and the most
 * inclusive time, as shares of all samples. `npm run bench:profile` (bench/profile.sh) profiles rx-batcher in
 * the burst and closed-loop cases and then runs this; pass a .cpuprofile file or a folder of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

function frameName({ callFrame }: ProfileNode): string {
  const file = callFrame.url === '' ? '' : ` ${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}`;
  return `${callFrame.functionName || '(anonymous)'}${file}`;
}

function summarize(profilePath: string, rows: number): string {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const selfSamples = new Map<string, number>();
  const inclusiveSamples = new Map<string, number>();
  for (const sampledId of profile.samples) {
    const leaf = frameName(nodesById.get(sampledId)!);
    selfSamples.set(leaf, (selfSamples.get(leaf) ?? 0) + 1);
    // A recursive function counts once per sample, however deep it recurses.
    const onStack = new Set<string>();
    for (let id: number | undefined = sampledId; id !== undefined; id = parentOf.get(id)) onStack.add(frameName(nodesById.get(id)!));
    for (const name of onStack) inclusiveSamples.set(name, (inclusiveSamples.get(name) ?? 0) + 1);
  }

  const total = profile.samples.length;
  const table = (counts: Map<string, number>) =>
    [...counts]
      .sort(([, left], [, right]) => right - left)
      .slice(0, rows)
      .map(([name, count]) => `${((100 * count) / total).toFixed(1).padStart(6)}%  ${name}`)
      .join('\n');
  return `${profilePath}: ${total} samples\n\nself time\n${table(selfSamples)}\n\ninclusive time\n${table(inclusiveSamples)}\n`;
}

const [target = 'bench/results/profiles', rowsArgument = '30'] = process.argv.slice(2);
const profilePaths = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => path.join(target, name))
  : [target];
if (profilePaths.length === 0) throw new Error(`No .cpuprofile file in ${target}`);
for (const profilePath of profilePaths) console.log(summarize(profilePath, Number(rowsArgument)));
