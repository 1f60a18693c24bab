/**
 * A batch with its duplicates collapsed (`dedupe`): `unique` is what the batch function is sent, and `slotOf[i]`
 * is the position in `unique` whose result `items[i]` gets. Without duplicates, `unique` is `items` itself and
 * `slotOf` is `undefined`, so the common case costs no second array.
 */
export interface CollapsedBatch<T> {
  readonly unique: readonly T[];
  readonly slotOf: readonly number[] | undefined;
}

/**
 * Collapses items with the same `keyOf(item)` into one slot, the first of them standing for the rest. An item
 * whose `keyOf` throws keeps a slot of its own: it is still sent, and a `Map` output then fails only that item
 * when its key is looked up again.
 */
export function collapseDuplicates<T>(items: readonly T[], keyOf: (item: T) => unknown): CollapsedBatch<T> {
  const slotByKey = new Map<unknown, number>();
  const unique: T[] = [];
  const slotOf = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let key: unknown;
    try {
      key = keyOf(item);
    } catch {
      slotOf[i] = unique.push(item) - 1;
      continue;
    }
    const slot = slotByKey.get(key);
    if (slot !== undefined) {
      slotOf[i] = slot;
    } else {
      slotOf[i] = unique.push(item) - 1;
      slotByKey.set(key, slotOf[i]);
    }
  }
  return unique.length === items.length ? { unique: items, slotOf: undefined } : { unique, slotOf };
}

/** Gives each item the result of its slot: one result per item, in item order. */
export function fanOut<R>(slotResults: readonly R[], slotOf: readonly number[] | undefined): readonly R[] {
  if (slotOf === undefined) return slotResults;
  const results = new Array<R>(slotOf.length);
  for (let i = 0; i < slotOf.length; i++) results[i] = slotResults[slotOf[i]];
  return results;
}
