import type { Batcher, BatcherStats } from '../../src/index.js';
import { classifyRejection, expectedAnswer, type ObservedOutcome } from './outcome-kinds.js';
import type { SettlementLedger } from './settlement-ledger.js';
import { SoakAbort } from './soak-errors.js';
import type { SoakOptions } from './soak-options.js';

/**
 * The shape of the load, per event-loop turn of the generator. Turns submit a random number of requests, so
 * batches are cut mid-turn by count and at the end of a turn by time, by `flush()` or by the next turn.
 */
const load = {
  /** A turn submits 1 to this many requests (fewer if the window is full). */
  maxRequestsPerTurn: 1_000,
  /** Share of turns that end with `batcher.flush()`. */
  flushRate: 0.02,
  /** Share of turns followed by a pause longer than `maxDelayMs`, so the pending batch goes out on its timer. */
  pauseRate: 0.005,
  /** Share of requests submitted with a signal that is aborted: half right after `submit`, half a turn later. */
  abortRate: 0.002,
} as const;

/** How often progress is reported and the hang watchdog looks. */
const tickMs = 250;

/**
 * Pushes `options.requests` request ids through the batcher with at most `options.window` unsettled at a time,
 * records every caller's outcome in the ledger, and calls `close()` as soon as the last request is submitted,
 * while work is still in flight. Resolves with the batcher's stats as of `close()` resolving, once every caller
 * has settled; rejects if no request settles for `options.stallTimeoutMs`, since that is a request left hanging.
 *
 * @param onProgress Called every tick with the number of requests settled so far.
 */
export function pumpRequests(
  batcher: Batcher<number, number>,
  ledger: SettlementLedger,
  random: () => number,
  options: SoakOptions,
  onProgress: (settled: number) => void,
): Promise<BatcherStats> {
  return new Promise<BatcherStats>((resolve, reject) => {
    const { requests, window, maxDelayMs, stallTimeoutMs } = options;
    let nextId = 0;
    let outstanding = 0;
    let turnScheduled = false;
    let statsAtClose: BatcherStats | undefined;
    let lastSettled = 0;
    let lastSettledAt = Date.now();

    const ticker = setInterval(() => {
      onProgress(ledger.settled);
      if (ledger.settled !== lastSettled) {
        lastSettled = ledger.settled;
        lastSettledAt = Date.now();
      } else if (Date.now() - lastSettledAt > stallTimeoutMs) {
        clearInterval(ticker);
        const waitingFor = statsAtClose === undefined && nextId === requests ? ', and close() has not resolved' : '';
        reject(new Error(
          `No request settled for ${stallTimeoutMs} ms: ${outstanding} of ${nextId} submitted are still waiting${waitingFor}. ` +
            `Batcher stats: ${JSON.stringify(batcher.stats)}`,
        ));
      }
    }, tickMs);

    const finishIfDone = () => {
      if (statsAtClose === undefined || ledger.settled !== requests) return;
      clearInterval(ticker);
      onProgress(ledger.settled);
      resolve(statsAtClose);
    };

    const settle = (id: number, observed: ObservedOutcome, detail?: string) => {
      outstanding--;
      ledger.settle(id, observed, detail);
      if (nextId < requests) scheduleTurn(0);
      else finishIfDone();
    };

    const submit = (id: number) => {
      outstanding++;
      let abortAt: 'once-submitted' | 'next-turn' | undefined;
      let controller: AbortController | undefined;
      if (random() < load.abortRate) {
        abortAt = random() < 0.5 ? 'once-submitted' : 'next-turn';
        controller = new AbortController();
      }
      batcher.submit(id, controller && { signal: controller.signal }).then(
        (value) => {
          if (value === expectedAnswer(id)) settle(id, 'resolved');
          else settle(id, 'wrong-answer', `resolved with ${String(value)}`);
        },
        (reason: unknown) => {
          const observed = classifyRejection(id, reason);
          settle(id, observed, observed === 'unexpected-error' ? String(reason) : undefined);
        },
      );
      if (controller === undefined) return;
      // Right after submit the request is usually still queued, but not if it was the one that filled its batch.
      const abort = () => {
        ledger.markAborted(id);
        controller.abort(new SoakAbort(id));
      };
      if (abortAt === 'once-submitted') abort();
      else setImmediate(abort);
    };

    const turn = () => {
      turnScheduled = false;
      const room = Math.min(window - outstanding, requests - nextId);
      const count = Math.min(room, 1 + Math.floor(random() * load.maxRequestsPerTurn));
      for (let i = 0; i < count; i++) submit(nextId++);
      if (random() < load.flushRate) batcher.flush();
      if (nextId === requests) {
        void batcher.close().then(() => {
          statsAtClose = batcher.stats;
          finishIfDone();
        });
      } else if (outstanding < window) {
        scheduleTurn(random() < load.pauseRate ? maxDelayMs + 1 : 0);
      }
    };

    // A full window waits for a settlement to schedule the next turn, instead of spinning.
    const scheduleTurn = (pauseMs: number) => {
      if (turnScheduled) return;
      turnScheduled = true;
      if (pauseMs === 0) setImmediate(turn);
      else setTimeout(turn, pauseMs);
    };

    scheduleTurn(0);
  });
}
