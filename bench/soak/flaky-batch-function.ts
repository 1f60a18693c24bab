import { of } from 'rxjs';
import type { BatchFunction, BatchOutput } from '../../src/index.js';
import { expectedAnswer, type OutcomeKind } from './outcome-kinds.js';
import type { SettlementLedger } from './settlement-ledger.js';
import { SoakBatchRejection, SoakBatchThrow, SoakItemError } from './soak-errors.js';

/**
 * How often each fault is injected. Rates are per batch, except `itemError` (per request of a batch that
 * succeeds); the rest of the batches succeed. High enough that even the 200,000-request CI run sees every fault
 * thousands of times, low enough that most requests still resolve, as they would against a real backend.
 */
export const faultRates = {
  batchThrow: 0.03,
  batchRejection: 0.03,
  wrongLength: 0.02,
  itemError: 0.02,
} as const;

/** How a successful batch hands its results back: every form `createBatcher` accepts. */
const outputFormRates = { map: 0.15, observable: 0.05 } as const;

/** When an asynchronous answer arrives: a resolved promise's microtask, or a later event-loop turn, like I/O. */
const timingRates = { microtask: 0.3, macrotask: 0.3 } as const;

type Timing = 'sync' | 'microtask' | 'macrotask';

/** Batch function calls made, by the fate they were given. */
export interface FlakyBatchCounts {
  calls: number;
  succeeded: number;
  threw: number;
  rejected: number;
  wrongLength: number;
}

/**
 * A batch function over request ids that fails at random, in every way the batcher must survive: per-request
 * `Error` results, synchronous throws, rejected promises and results of the wrong length, answered
 * synchronously, in a microtask or in a later macrotask. It writes each decision into the ledger before
 * answering, so every caller's outcome can be checked against what it should have been.
 *
 * @param random The seeded source of every decision.
 * @param ledger Where dispatches and decisions are recorded.
 * @returns The batch function and its counters.
 */
export function createFlakyBatchFunction(
  random: () => number,
  ledger: SettlementLedger,
): { readonly batchFunction: BatchFunction<number, number>; readonly counts: FlakyBatchCounts } {
  const counts: FlakyBatchCounts = { calls: 0, succeeded: 0, threw: 0, rejected: 0, wrongLength: 0 };

  const pickTiming = (): Timing => {
    const roll = random();
    if (roll < timingRates.microtask) return 'microtask';
    if (roll < timingRates.microtask + timingRates.macrotask) return 'macrotask';
    return 'sync';
  };

  const decideAll = (ids: readonly number[], kind: OutcomeKind) => {
    for (const id of ids) ledger.decide(id, kind);
  };

  const batchFunction: BatchFunction<number, number> = (ids) => {
    counts.calls++;
    for (const id of ids) ledger.markDispatched(id);
    let roll = random();

    if ((roll -= faultRates.batchThrow) < 0) {
      counts.threw++;
      decideAll(ids, 'batch-throw');
      throw new SoakBatchThrow();
    }
    if ((roll -= faultRates.batchRejection) < 0) {
      counts.rejected++;
      decideAll(ids, 'batch-rejection');
      return answerAsync(pickTiming() === 'macrotask' ? 'macrotask' : 'microtask', () => {
        throw new SoakBatchRejection();
      });
    }
    if ((roll -= faultRates.wrongLength) < 0) {
      counts.wrongLength++;
      decideAll(ids, 'wrong-length');
      return answer(pickTiming(), () => ids.slice(1));
    }

    counts.succeeded++;
    const results = ids.map((id) => {
      if (random() < faultRates.itemError) {
        ledger.decide(id, 'item-error');
        return new SoakItemError(id);
      }
      ledger.decide(id, 'resolved');
      return expectedAnswer(id);
    });
    const form = random();
    if (form < outputFormRates.map) {
      return answer(pickTiming(), () => new Map(ids.map((id, index) => [id, results[index]])));
    }
    if (form < outputFormRates.map + outputFormRates.observable) return of(results);
    return answer(pickTiming(), () => results);
  };

  return { batchFunction, counts };
}

function answer(timing: Timing, produce: () => BatchOutput<number, number>) {
  return timing === 'sync' ? produce() : answerAsync(timing, produce);
}

// `produce` runs inside the promise's executor or `then` callback, so a throw from it becomes a rejection.
function answerAsync(timing: 'microtask' | 'macrotask', produce: () => BatchOutput<number, number>) {
  if (timing === 'microtask') return Promise.resolve().then(produce);
  return new Promise<void>((resolve) => setImmediate(resolve)).then(produce);
}
