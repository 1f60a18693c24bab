import type { CloseOptions } from '../types.js';
import { checkNumber, checkOptionsShape, delayRule } from '../../operators/internal/validateOptions.js';

/**
 * Checks the options of `close`; returns the error to reject with, if any. A typo in a shutdown handler must
 * not quietly drop the deadline the process relies on.
 */
export function checkCloseOptions(options: CloseOptions | undefined): Error | undefined {
  if (options === undefined) return undefined;
  return checkOptionsShape('close', options, ['deadlineMs']) ?? checkNumber('deadlineMs', options.deadlineMs, delayRule);
}
