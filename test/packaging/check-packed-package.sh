#!/usr/bin/env bash
# The package as a user gets it: `npm pack` (which builds, through `prepare`), then a scratch project outside the
# repository installs the tarball with rxjs and TypeScript and
#  - runs a small batch through `rx-batcher` and `rx-batcher/operators` from ESM (.mjs) and from CommonJS (.cjs);
#  - type-checks the README's usage examples with `skipLibCheck: false` and `lib: ["es2022", "dom"]`, under
#    `moduleResolution: node16` (an ESM and a CJS importer) and `bundler`;
#  - type-checks `await using` where the user's types declare `Symbol.asyncDispose` (`lib: esnext`, @types/node).
# Any failure exits non-zero and says which step failed. Run by .ci/run; `npm run check:packed-package`.
set -euo pipefail
cd "$(dirname "$0")/../.."
repository=$PWD

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
step() { printf '\n== %s\n' "$*"; }
trap 'echo "check-packed-package: FAILED at: $BASH_COMMAND" >&2' ERR

step "npm pack"
npm pack --pack-destination "$scratch" --loglevel=warn
tarball=$(ls "$scratch"/rx-batcher-*.tgz)
contents=$(tar -tzf "$tarball")
echo "$(basename "$tarball"): $(wc -l <<<"$contents") files"
# What a user needs beside the entry points, which the runs and type checks below reach.
for file in LICENSE README.md dist/esm/package.json dist/cjs/package.json; do
  grep -qx "package/$file" <<<"$contents" || { echo "check-packed-package: the tarball has no $file" >&2; exit 1; }
done

# The versions this repository installed, so the npm cache from `npm ci` serves them.
installed() { node -p "require('$1/package.json').version"; }
mkdir "$scratch/consumer"
cd "$scratch/consumer"
cat >package.json <<EOF
{
  "name": "rx-batcher-consumer",
  "private": true,
  "dependencies": {
    "rx-batcher": "file:$tarball",
    "rxjs": "$(cd "$repository" && installed rxjs)",
    "typescript": "$(cd "$repository" && installed typescript)",
    "@types/node": "$(cd "$repository" && installed @types/node)"
  }
}
EOF

step "npm install the tarball, rxjs, typescript, @types/node"
npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error

step "run a batch from ESM and from CommonJS"
cat >esm.mjs <<'EOF'
import assert from 'node:assert/strict';
import { from, lastValueFrom, toArray } from 'rxjs';
import { createBatcher } from 'rx-batcher';
import { batchRequests } from 'rx-batcher/operators';

const batches = [];
const square = async (xs) => {
  batches.push(xs.length);
  return xs.map((x) => x * x);
};
const batcher = createBatcher(square, { maxSize: 3, maxDelayMs: 5 });
assert.deepEqual(await Promise.all([1, 2, 3, 4].map((x) => batcher.submit(x))), [1, 4, 9, 16]);
await batcher.close();
assert.deepEqual(batches, [3, 1]);
assert.deepEqual(await lastValueFrom(from([1, 2, 3, 4]).pipe(batchRequests(square, { maxSize: 3 }), toArray())), [1, 4, 9, 16]);
console.log('ESM: createBatcher and batchRequests ok');
EOF
cat >cjs.cjs <<'EOF'
const assert = require('node:assert/strict');
const { from, lastValueFrom, toArray } = require('rxjs');
const { createBatcher } = require('rx-batcher');
const { batchRequests } = require('rx-batcher/operators');

async function main() {
  const batches = [];
  const square = async (xs) => {
    batches.push(xs.length);
    return xs.map((x) => x * x);
  };
  const batcher = createBatcher(square, { maxSize: 3, maxDelayMs: 5 });
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map((x) => batcher.submit(x))), [1, 4, 9, 16]);
  await batcher.close();
  assert.deepEqual(batches, [3, 1]);
  assert.deepEqual(await lastValueFrom(from([1, 2, 3, 4]).pipe(batchRequests(square, { maxSize: 3 }), toArray())), [1, 4, 9, 16]);
  console.log('CommonJS: createBatcher and batchRequests ok');
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
EOF
node esm.mjs
node cjs.cjs

# The README's Usage examples, with declarations for what they leave to the reader (`db`, `fetchUsers`, `ids`).
readme_examples=$(cat <<'EOF'
import { from } from 'rxjs';
import { createBatcher, type Batcher } from 'rx-batcher';
import { batchRequests } from 'rx-batcher/operators';

interface User {
  id: number;
  name: string;
}
declare const db: { query(sql: string, parameters: unknown[]): Promise<User[]> };
declare function fetchUsers(ids: number[]): Promise<User[]>;
declare const ids: number[];

// One query per batch instead of one per caller.
const users = createBatcher(
  async (ids: number[]) => {
    const rows = await db.query('SELECT * FROM users WHERE id = ANY($1)', [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? new Error(`no user ${id}`)); // an Error rejects only its caller
  },
  { maxSize: 100, maxDelayMs: 5, concurrency: 4, maxQueueSize: 10_000 },
);

export async function firstUser(): Promise<User> {
  const ada = await users.submit(1); // batched with every other submit of the next 5 ms
  return ada;
}

from(ids).pipe(batchRequests(fetchUsers, { maxSize: 100 })).subscribe(console.log); // results in input order

export const typed: Batcher<number, User> = users;
EOF
)
printf '%s\n' "$readme_examples" >readme.mts
printf '%s\n' "$readme_examples" >readme.cts
printf '%s\n' "$readme_examples" >readme.ts
cat >dispose.mts <<'EOF'
import { createBatcher } from 'rx-batcher';

export async function scoped(): Promise<number> {
  await using batcher = createBatcher(async (xs: number[]) => xs.map((x) => x * 2));
  return batcher.submit(21);
}
EOF

# One tsconfig per kind of user; every one checks the package's own .d.ts and rxjs's (`skipLibCheck: false`).
tsconfig() { # name, module, moduleResolution, lib, types, files
  cat >"tsconfig.$1.json" <<EOF
{
  "compilerOptions": {
    "module": "$2", "moduleResolution": "$3", "target": "es2022", "lib": $4, "types": $5,
    "strict": true, "skipLibCheck": false, "noEmit": true
  },
  "files": $6
}
EOF
}
tsconfig node16 node16 node16 '["es2022", "dom"]' '[]' '["readme.mts", "readme.cts"]'
tsconfig bundler esnext bundler '["es2022", "dom"]' '[]' '["readme.ts"]'
tsconfig esnext-lib node16 node16 '["esnext", "dom"]' '[]' '["readme.mts", "readme.cts", "dispose.mts"]'
tsconfig types-node node16 node16 '["es2022"]' '["node"]' '["readme.mts", "readme.cts", "dispose.mts"]'

for project in node16 bundler esnext-lib types-node; do
  step "tsc --noEmit -p tsconfig.$project.json"
  node_modules/.bin/tsc -p "tsconfig.$project.json"
  echo ok
done

step "the packed package works from ESM and CommonJS, and its types check under node16, bundler, lib esnext and @types/node"
