/**
 * The requests of a run: 0, 1, 2, … Distinct, because batshit keeps a batch in a `Set` and would merge
 * repeats, and numbers, so a request costs no heap of its own and only the batcher's overhead is measured.
 */
export function distinctRequests(count: number, first = 0): number[] {
  // Pushed one by one: `new Array(count)` past 100,000 elements would start out as a slow dictionary array.
  const requests: number[] = [];
  for (let index = 0; index < count; index++) requests.push(first + index);
  return requests;
}

/** How many results equal their own request, position by position. */
export function countEchoed(requests: readonly number[], results: readonly unknown[]): number {
  let echoed = 0;
  for (let index = 0; index < requests.length; index++) if (results[index] === requests[index]) echoed++;
  return echoed;
}
