import type { Batcher, BatcherStats } from '../types.js';

// `Symbol.asyncDispose` is missing from runtimes older than Node 20 and recent browsers; the well-known
// registry key is what TypeScript's `await using` down-level helper looks up there.
const asyncDispose: typeof Symbol.asyncDispose = Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/**
 * The object `createBatcher` returns. A class, so that `stats` is a getter on a shared prototype: a getter in an
 * object literal gives every batcher a map of its own that V8 keeps reachable from old space, so each batcher
 * would survive young-generation collections until a full one (bench/README.md, "per-request batcher").
 */
export class PublicBatcher<Req, Res> implements Batcher<Req, Res> {
  readonly submit: Batcher<Req, Res>['submit'];
  readonly submit$: Batcher<Req, Res>['submit$'];
  readonly submitMany: Batcher<Req, Res>['submitMany'];

  constructor(
    ways: Pick<Batcher<Req, Res>, 'submit' | 'submit$' | 'submitMany'>,
    readonly flush: Batcher<Req, Res>['flush'],
    readonly close: Batcher<Req, Res>['close'],
    private readonly readStats: () => BatcherStats,
  ) {
    this.submit = ways.submit;
    this.submit$ = ways.submit$;
    this.submitMany = ways.submitMany;
  }

  get stats(): BatcherStats {
    return this.readStats();
  }

  [asyncDispose](): Promise<void> {
    return this.close();
  }
}
