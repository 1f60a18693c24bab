import { createBatcher } from '../../src/index.js';
import type { EventStore, IngestEvent } from '../../examples/events/eventStore.js';

/** One way of writing rows: one per call, or through rx-batcher with a batch size. */
export type WriteMode = { kind: 'one-per-call' } | { kind: 'batched'; maxSize: number };

export interface WriteMeasurement {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface MeasureOptions {
  store: EventStore;
  mode: WriteMode;
  topic: string;
  /** Calls to the store at once: callers of `writeOne`, or the batcher's `concurrency`. */
  concurrency: number;
  /** Rows are written until this much time has passed (the last round finishes). */
  durationMs: number;
  /** Makes the `index`-th row of this measurement. */
  makeEvent: (index: number) => IngestEvent;
}

/**
 * Writes rows for about `durationMs` and counts them. One per call: `concurrency` callers each awaiting
 * `writeOne` in turn. Batched: rounds of rows submitted at once to a batcher with `maxSize` and `concurrency`,
 * flushed, and awaited — as many rows in flight as the batcher can take, so the batch size is the only difference.
 * A rejected write fails the measurement: a benchmark that drops rows measures nothing.
 */
export async function measureWrites({ store, mode, topic, concurrency, durationMs, makeEvent }: MeasureOptions): Promise<WriteMeasurement> {
  let rows = 0;
  const startedAt = performance.now();
  const timeLeft = () => performance.now() - startedAt < durationMs;
  if (mode.kind === 'one-per-call') {
    const caller = async () => {
      while (timeLeft()) await store.writeOne(makeEvent(rows++));
    };
    await Promise.all(Array.from({ length: concurrency }, caller));
  } else {
    const batcher = createBatcher<IngestEvent, undefined>((events) => store.writeMany(events, topic), { maxSize: mode.maxSize, maxDelayMs: 5, concurrency });
    // Enough rows per round to fill every call slot twice: the batcher never waits for rows.
    const roundSize = Math.max(100, 2 * mode.maxSize * concurrency);
    try {
      while (timeLeft()) {
        const round = Array.from({ length: roundSize }, () => batcher.submit(makeEvent(rows++)));
        batcher.flush();
        await Promise.all(round);
      }
    } finally {
      await batcher.close();
    }
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

export function describeMode(mode: WriteMode): string {
  return mode.kind === 'one-per-call' ? 'one row per call' : `batched ${mode.maxSize.toLocaleString('en-US')}`;
}
