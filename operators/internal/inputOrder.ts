import type { Subscriber } from 'rxjs';
import type { CorrelatedBatch } from '../correlate.js';
import { asItemFailure } from './nonErrorFailure.js';
import type { PolicyFacts } from './requestPolicies.js';

/** A request of a stream with policies, numbered in arrival order, with what its policies said about it. */
export interface PolicyEntry<Req> extends PolicyFacts {
  readonly index: number;
  readonly request: Req;
}

/**
 * Puts the results of a stream's requests back in the order the requests arrived. Batches of different
 * partitions are sent, and finish, out of that order (a partition's batch fills while an older one waits for its
 * timer), and a request whose policy callback failed never reaches a batch at all; results wait here until every
 * earlier one is in, then go out as one batch of consecutive requests.
 *
 * A whole batch that failed becomes one failure per request here, so each request is answered on its own.
 */
export class InputOrder<Req, Res> {
  private readonly waiting = new Map<number, { readonly request: Req; readonly result: Res | Error }>();
  private nextIndex = 0;

  constructor(private readonly out: Subscriber<CorrelatedBatch<Req, Res>>) {}

  putBatch(batch: CorrelatedBatch<PolicyEntry<Req>, Res>): void {
    const { items } = batch;
    for (let i = 0; i < items.length; i++) {
      const result = batch.ok ? batch.results[i] : asItemFailure(batch.error);
      this.waiting.set(items[i].index, { request: items[i].request, result });
    }
    this.sendReady();
  }

  /** The request numbered `index` failed before it could be batched (its `weigh`, `partitionBy` or `key`). */
  putFailure(index: number, request: Req, error: unknown): void {
    this.waiting.set(index, { request, result: asItemFailure(error) });
    this.sendReady();
  }

  private sendReady(): void {
    const items: Req[] = [];
    const results: Array<Res | Error> = [];
    for (let entry = this.waiting.get(this.nextIndex); entry !== undefined; entry = this.waiting.get(this.nextIndex)) {
      this.waiting.delete(this.nextIndex++);
      items.push(entry.request);
      results.push(entry.result);
    }
    if (items.length > 0) this.out.next({ items, ok: true, results });
  }
}
