#!/usr/bin/env bash
# Profiles rx-batcher in the burst and closed-loop cases and prints where the time went.
# The bench is compiled with tsc first (into dist/, which is not committed): through tsx, every function of
# ours would show up as "(anonymous)" on one line of transformed code.
# Usage: npm run bench:profile [-- --cases=stream --contenders=rx-batcher]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=dist/bench-profile
profile_dir=bench/results/profiles
rm -rf "$build_dir" "$profile_dir"
npx tsc --rootDir . --outDir "$build_dir" --module commonjs --moduleResolution node10 --target ES2022 \
  --lib ES2022,ESNext.Disposable,DOM --types node --strict --skipLibCheck --esModuleInterop bench/run.ts

cases_and_contenders=("$@")
if [ ${#cases_and_contenders[@]} -eq 0 ]; then cases_and_contenders=(--cases=burst,closed-loop --contenders=rx-batcher); fi
node --expose-gc --cpu-prof --cpu-prof-dir="$profile_dir" "$build_dir/bench/run.js" \
  "${cases_and_contenders[@]}" --out="$build_dir/profile-run.json"
npx tsx bench/summarize-cpu-profile.ts "$profile_dir" 30
