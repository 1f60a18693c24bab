import { asyncScheduler } from 'rxjs';

type NextTick = (callback: () => void) => void;

/** Something that runs once at the end of the tick it was queued in, and checks then whether it has anything to do. */
export interface EndOfTickWork {
  /** The list of work it is queued in, until that list runs; set by `runAtEndOfTick` only. */
  endOfTickList: EndOfTickWork[] | undefined;
  /** Runs the work; it checks for itself whether it still has anything to do. */
  atEndOfTick(): void;
}

const resolved = Promise.resolve();
/** Work queued since the last hand-off; the promise job queued with its first entry hands it to `nextTick`. */
let queued: EndOfTickWork[] = [];

/**
 * Runs `work.atEndOfTick()` once the current job is over, together with every promise job it queued (and the
 * jobs those queue), but before any timer or I/O callback: dataloader's "this tick". In Node that is a
 * `process.nextTick` queued from a promise job; elsewhere, the next macrotask. A single microtask is not enough:
 * a load made inside a `.then` callback of the current job would miss it.
 *
 * Work queued in the same stretch shares one promise job and one `nextTick`, rather than one each: a batcher
 * made per incoming request queues this once. Work queued after its list was handed off (from a `nextTick`
 * callback, or from the run itself) starts a new list, with a promise job of its own, so it still waits for the
 * promise jobs queued before it. Work queued twice before its list runs runs once, with the later list. There
 * is no cancelling: the work finds out when it runs whether it still has something to do.
 */
export function runAtEndOfTick(work: EndOfTickWork): void {
  if (work.endOfTickList === queued) return;
  work.endOfTickList = queued;
  if (queued.push(work) === 1) void resolved.then(handOff);
}

// Looked up at each hand-off, not once: fake timers (jest, sinon) replace `process.nextTick` after this loads. A
// list handed to a fake `nextTick` that never runs strands only its own work, as a timer of its own would.
function handOff(): void {
  const list = queued;
  queued = [];
  const run = () => runList(list);
  const nextTick = (globalThis as { process?: { nextTick?: NextTick } }).process?.nextTick;
  if (typeof nextTick === 'function') nextTick(run);
  else asyncScheduler.schedule(run);
}

function runList(list: EndOfTickWork[]): void {
  for (const work of list) {
    if (work.endOfTickList !== list) continue; // queued again since: it runs with its later list
    work.endOfTickList = undefined;
    try {
      work.atEndOfTick();
    } catch (error) {
      // Thrown as it would be from a callback of its own, without keeping the rest of the list from running.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
