/**
 * DataLoader's rule, in one place: an `Error` in place of a result fails only its own request, while the rest of
 * the batch goes on. Every stage that hands results out asks this.
 */
export function isItemFailure(result: unknown): result is Error {
  return result instanceof Error;
}
