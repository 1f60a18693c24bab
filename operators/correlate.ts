import { Observable, type OperatorFunction } from 'rxjs';
import { describeValue } from './internal/describeValue.js';
import { BatchResultError } from './internal/errors.js';
import type { BatchOutcome } from './internal/invokeBatch.js';
import { getValidFunction } from './internal/validateOptions.js';
import { missingMapEntry } from './internal/missingMapEntry.js';
import { subscribeToSource } from './internal/operatorSubscriber.js';

/**
 * A batch whose output has been matched to its items: `results[i]` belongs to `items[i]`, and an `Error` there
 * rejects only that item. `ok: false` means the whole batch failed with `error`.
 */
export type CorrelatedBatch<T, Res> =
  | { readonly items: readonly T[]; readonly ok: true; readonly results: ReadonlyArray<Res | Error> }
  | { readonly items: readonly T[]; readonly ok: false; readonly error: unknown };

/**
 * Matches each batch function output to the items of its batch.
 *
 * An array must have one result per item, in item order; a `Map` is looked up with `key(item)`. Anything else,
 * a wrong length, or a missing key becomes a `BatchResultError` that says what was expected and what came back,
 * so a buggy batch function rejects its callers instead of leaving them hanging. A `key` that throws fails
 * only its own item.
 *
 * ## Example
 * ```ts
 * import { of } from 'rxjs';
 * import { correlate } from 'rx-batcher/operators';
 *
 * of({ items: ['a', 'b'], ok: true, output: new Map([['a', 1], ['b', 2]]) })
 *   .pipe(correlate())
 *   .subscribe(({ results }) => console.log(results)); // [1, 2]
 * ```
 *
 * @param key Maps an item to its key in a `Map` output; defaults to the item itself. Anything but a function or
 *   `undefined` throws a `TypeError` here, as `createBatcher`'s `key` option does.
 * @returns An operator from `BatchOutcome`s to `CorrelatedBatch`es, one for one.
 */
export function correlate<T, Res, K = T>(key?: (item: T) => K): OperatorFunction<BatchOutcome<T>, CorrelatedBatch<T, Res>> {
  getValidFunction('key', key);
  // `map` semantics, without `map`'s generic subscriber: this runs once per batch on the stream path.
  return (source) =>
    new Observable((subscriber) => {
      subscribeToSource(source, subscriber, {
        next(outcome) {
          let correlated: CorrelatedBatch<T, Res>;
          try {
            correlated = correlateOutcome<T, Res, K>(outcome, key);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(correlated);
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/** The function behind `correlate`, for code that has a single outcome in hand. */
export function correlateOutcome<T, Res, K = T>(outcome: BatchOutcome<T>, key?: (item: T) => K): CorrelatedBatch<T, Res> {
  if (!outcome.ok) return outcome;
  const { items, output } = outcome;
  if (Array.isArray(output)) {
    if (output.length === items.length) return { items, ok: true, results: output as ReadonlyArray<Res | Error> };
    return failed(items, new BatchResultError(
      `The batch function must return one result per request: expected an array of length ${items.length}, got an array of length ${output.length}`,
    ));
  }
  if (output instanceof Map) return { items, ok: true, results: lookUp(items, output as ReadonlyMap<unknown, Res | Error>, key) };
  return failed(items, new BatchResultError(
    `The batch function must return an array of length ${items.length} or a Map keyed by \`key(request)\`, got ${describeValue(output)}`,
  ));
}

function lookUp<T, Res, K>(items: readonly T[], output: ReadonlyMap<unknown, Res | Error>, key?: (item: T) => K) {
  return items.map((item): Res | Error => {
    let itemKey: unknown = item;
    if (key !== undefined) {
      try {
        itemKey = key(item);
      } catch (error) {
        return error instanceof Error ? error : new Error(`\`key\` threw ${describeValue(error)}`, { cause: error });
      }
    }
    if (output.has(itemKey)) return output.get(itemKey) as Res | Error;
    return missingMapEntry(output, itemKey);
  });
}

function failed<T>(items: readonly T[], error: BatchResultError): CorrelatedBatch<T, never> {
  return { items, ok: false, error };
}
