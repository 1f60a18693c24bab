import { describeKey } from './describeValue.js';
import { BatchResultError } from './errors.js';

// A few keys are enough to show what the Map is keyed by; all of them could run to thousands.
const KEYS_SHOWN = 3;

/**
 * The error for a request whose key the batch function's `Map` does not have. It shows the key looked up and a
 * few the Map does have, since the usual cause is a Map keyed by something else (ids as strings, requests by
 * `id`), and then names the fix: the `key` option, which also covers a `key` that returns the wrong thing.
 */
export function missingMapEntry(output: ReadonlyMap<unknown, unknown>, itemKey: unknown): BatchResultError {
  const missing = `The batch function returned a Map with no entry for key ${describeKey(itemKey)}`;
  if (output.size === 0) return new BatchResultError(`${missing}; the Map is empty`);
  const shown: unknown[] = [];
  for (const mapKey of output.keys()) {
    if (shown.push(mapKey) === KEYS_SHOWN) break;
  }
  const more = output.size > KEYS_SHOWN ? ` and ${output.size - KEYS_SHOWN} more` : '';
  const has = `; its keys include ${shown.map(describeKey).join(', ')}${more}`;
  if (!keyedByOtherThings(itemKey, shown)) return new BatchResultError(missing + has);
  return new BatchResultError(`${missing}${has}. Use the \`key\` option to map each request to its key in the Map`);
}

/**
 * Whether the Map looks keyed by something other than what was looked up: keys of another type, or an object
 * (a Map finds an object only by identity, and a request object is rarely the very object the Map was built
 * with). Otherwise the entry is just missing, and no option would find it.
 */
function keyedByOtherThings(itemKey: unknown, mapKeys: readonly unknown[]): boolean {
  if ((typeof itemKey === 'object' && itemKey !== null) || typeof itemKey === 'function') return true;
  return mapKeys.some((mapKey) => typeof mapKey !== typeof itemKey);
}
