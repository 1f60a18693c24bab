import { describeValue } from './describeValue.js';

/**
 * Carries a failure that is not an `Error` (a batch function that threw a string, say) in one request's result
 * slot, where only an `Error` marks a failure (`isItemFailure`). It is needed only when a retry covers some of a
 * batch's requests and fails as a whole: the others already have results, so the batch cannot fail as one.
 * Being an `Error`, it rejects in every stage that does not know it; the stages that hand errors to callers
 * unwrap it with `failureReason`, so the caller still gets the batch function's own value, unchanged.
 */
export class NonErrorFailure extends Error {
  override readonly name = 'NonErrorFailure';

  constructor(readonly reason: unknown) {
    super(`The batch function failed with ${describeValue(reason)}, which is not an Error`, { cause: reason });
  }
}

/** What a failed request's caller is rejected with: its result, or the value a `NonErrorFailure` carries. */
export function failureReason(failure: Error): unknown {
  return failure instanceof NonErrorFailure ? failure.reason : failure;
}

/** A failure as a result slot holds it: an `Error` as is, anything else carried by a `NonErrorFailure`. */
export function asItemFailure(reason: unknown): Error {
  return reason instanceof Error ? reason : new NonErrorFailure(reason);
}
