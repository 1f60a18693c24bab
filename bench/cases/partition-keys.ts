/**
 * Which partition each request belongs to: `keys` names (`partition-0`, `partition-1`, …), one drawn at random
 * per request from a seeded source, so every run and every contender meets the same uneven spread (a
 * round-robin spread would fill every partition evenly and never leave one waiting for its timer).
 * The names are made here, once, so the timed runs only look them up.
 */
export function randomPartitionKeys(requests: number, keys: number, seed = 11): string[] {
  const names: string[] = [];
  for (let index = 0; index < keys; index++) names.push(`partition-${index}`);
  const random = mulberry32(seed);
  const partitionOfRequest: string[] = [];
  for (let request = 0; request < requests; request++) partitionOfRequest.push(names[Math.floor(random() * keys)]);
  return partitionOfRequest;
}

/** A small seeded generator of floats in [0, 1) (Tommy Ettinger's Mulberry32), good enough to spread keys. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
