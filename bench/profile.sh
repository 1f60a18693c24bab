#!/usr/bin/env bash
# Profiles rx-batcher in the burst and closed-loop cases and prints where the time went.
# The bench is compiled with tsc first (`npm run bench:compile`), as `npm run bench` runs it.
# Usage: npm run bench:profile [-- --cases=stream --contenders=rx-batcher]
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=bench/.compiled
profile_dir=bench/results/profiles
rm -rf "$profile_dir"
npm run --silent bench:compile

cases_and_contenders=("$@")
if [ ${#cases_and_contenders[@]} -eq 0 ]; then cases_and_contenders=(--cases=burst,closed-loop --contenders=rx-batcher); fi
node --expose-gc --cpu-prof --cpu-prof-dir="$profile_dir" "$build_dir/bench/run.js" \
  "${cases_and_contenders[@]}" --out="$build_dir/profile-run.json"
npx tsx bench/summarize-cpu-profile.ts "$profile_dir" 30
