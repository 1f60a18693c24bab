import { outcomeKinds, type ObservedOutcome, type OutcomeKind } from './outcome-kinds.js';

/**
 * Whether a request's signal was aborted, and if so whether the batch function had been handed the request by
 * then. Aborted while queued, it must be withdrawn: never handed to the batch function afterwards.
 */
export type AbortMoment = 'none' | 'while-queued' | 'after-dispatch';
const abortMoments: readonly AbortMoment[] = ['none', 'while-queued', 'after-dispatch'];

/** How many example request ids each kind of problem keeps for the report. */
const examplesPerProblem = 5;

interface ProblemRecord {
  count: number;
  readonly examples: string[];
}

/**
 * Per-request bookkeeping of the soak: how often each request was handed to the batch function and settled,
 * what the batch function decided for it, and whether its caller aborted it. Settling checks the outcome
 * against the decision at once; `verify()` then scans for requests settled never or more than once.
 *
 * Typed arrays rather than objects per request: millions of entries cost a few bytes each, outside the JS heap
 * whose growth the soak measures.
 */
export class SettlementLedger {
  readonly tally = Object.fromEntries(
    [...outcomeKinds, 'wrong-answer', 'unexpected-error'].map((kind) => [kind, 0]),
  ) as Record<ObservedOutcome, number>;
  settled = 0;
  dispatched = 0;
  private readonly settlements: Uint8Array;
  private readonly dispatches: Uint8Array;
  private readonly decisions: Uint8Array;
  private readonly aborts: Uint8Array;
  private readonly problems = new Map<string, ProblemRecord>();

  constructor(readonly requests: number) {
    this.settlements = new Uint8Array(requests);
    this.dispatches = new Uint8Array(requests);
    this.decisions = new Uint8Array(requests);
    this.aborts = new Uint8Array(requests);
  }

  /** Call just before aborting request `id`'s signal. */
  markAborted(id: number): void {
    this.aborts[id] = abortMoments.indexOf(this.dispatches[id] === 0 ? 'while-queued' : 'after-dispatch');
  }

  /** The batch function was handed request `id`. */
  markDispatched(id: number): void {
    this.dispatched++;
    if (this.dispatches[id] < 255) this.dispatches[id]++;
  }

  /** The batch function chose how request `id` must end. */
  decide(id: number, kind: OutcomeKind): void {
    this.decisions[id] = outcomeKinds.indexOf(kind) + 1;
  }

  /** The caller of request `id` was answered; `detail` describes a wrong answer or an unexpected error. */
  settle(id: number, observed: ObservedOutcome, detail?: string): void {
    this.settled++;
    this.tally[observed]++;
    if (this.settlements[id] < 255) this.settlements[id]++;
    if (this.settlements[id] === 2) this.report('settled more than once', id);

    if (observed === 'wrong-answer' || observed === 'unexpected-error') {
      this.report(observed, id, detail);
    } else if (observed === 'aborted') {
      if (this.aborts[id] === 0) this.report('rejected with an abort nobody asked for', id);
    } else {
      const decided = this.decisions[id];
      if (decided === 0) this.report(`${observed} without ever reaching the batch function`, id);
      else if (outcomeKinds[decided - 1] !== observed) {
        this.report(`${observed} although the batch function decided ${outcomeKinds[decided - 1]}`, id);
      }
    }
  }

  /** Every problem found, one line per kind with a few example ids; empty when every request ended right. */
  verify(): string[] {
    const whileQueued = abortMoments.indexOf('while-queued');
    for (let id = 0; id < this.requests; id++) {
      if (this.settlements[id] === 0) this.report('never settled', id);
      if (this.dispatches[id] > 1) this.report('handed to the batch function more than once', id);
      if (this.aborts[id] === whileQueued && this.dispatches[id] > 0) {
        this.report('handed to the batch function after being aborted while queued', id);
      }
    }
    return [...this.problems].map(
      ([problem, { count, examples }]) =>
        `${count.toLocaleString('en-US')} request(s) ${problem}, e.g. ${examples.join('; ')}`,
    );
  }

  private report(problem: string, id: number, detail?: string): void {
    const record = this.problems.get(problem) ?? { count: 0, examples: [] };
    record.count++;
    if (record.examples.length < examplesPerProblem) record.examples.push(detail === undefined ? `#${id}` : `#${id} (${detail})`);
    this.problems.set(problem, record);
  }
}
