import { describeValue } from './describeValue.js';
import type { CloseOptions } from './types.js';

const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Checks the options of `close`; returns the error to reject with, if any. A typo in a shutdown handler must
 * not quietly drop the deadline the process relies on.
 */
export function checkCloseOptions(options: CloseOptions | undefined): Error | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    return new TypeError(`Expected \`close\` options to be an object, got ${describeValue(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (name !== 'deadlineMs') return new TypeError(`Unknown \`close\` option \`${name}\`; the options are \`deadlineMs\``);
  }
  const { deadlineMs } = options;
  if (deadlineMs === undefined) return undefined;
  const problem = `Expected \`deadlineMs\` to be a number from 0 to ${MAX_TIMER_DELAY_MS}, got ${describeValue(deadlineMs)}`;
  if (typeof deadlineMs !== 'number') return new TypeError(problem);
  if (!(deadlineMs >= 0 && deadlineMs <= MAX_TIMER_DELAY_MS)) return new RangeError(problem);
  return undefined;
}
