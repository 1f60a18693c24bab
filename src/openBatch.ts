// Shared by every batch: the handler that picks result `index` out of a batch's results. One function per
// position, made once, instead of a closure per request.
const pickers: Array<(results: readonly unknown[]) => unknown> = [];

function pickerFor(index: number): (results: readonly unknown[]) => unknown {
  return (pickers[index] ??= (results) => {
    const result = results[index];
    if (result instanceof Error) throw result; // DataLoader's rule: an Error rejects only its own request
    return result;
  });
}

let capturedResolve: (results: readonly unknown[]) => void;
let capturedReject: (reason: unknown) => void;
// The executor runs synchronously, so one shared function hands the resolvers over without a closure.
function captureResolvers(resolve: (results: readonly unknown[]) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * The batch the buffer is filling, seen from the submit side: how many items it holds so far, and one promise
 * for all its results.
 *
 * A plain `submit` gets `results.then(pick result i)` rather than a promise with resolvers of its own. V8's
 * resolving functions are two closures per promise (about 230 bytes per pending request, measured here);
 * a derived promise is a fraction of that, and the batch settles all its callers with one `resolve`.
 */
export class OpenBatch<Res> {
  /** Items pushed into the buffer for this batch so far; the next item's position. */
  size = 0;
  private results: Promise<readonly unknown[]> | undefined = undefined;
  private resolveAll: ((results: readonly unknown[]) => void) | undefined = undefined;
  private rejectAll: ((reason: unknown) => void) | undefined = undefined;

  /** A promise of the result at `index`, made when that request was submitted. */
  resultAt(index: number): Promise<Res> {
    if (this.results === undefined) {
      // Made only once a plain request joins, so a batch of watched requests leaves no promise to reject unheard.
      this.results = new Promise(captureResolvers);
      this.resolveAll = capturedResolve;
      this.rejectAll = capturedReject;
    }
    return this.results.then(pickerFor(index)) as Promise<Res>;
  }

  /** Settles every plain request of the batch from `results`, aligned with the positions given by `resultAt`. */
  fulfil(results: readonly unknown[]): void {
    this.resolveAll?.(results);
  }

  /** Rejects every plain request of the batch with `reason`. */
  fail(reason: unknown): void {
    this.rejectAll?.(reason);
  }
}
