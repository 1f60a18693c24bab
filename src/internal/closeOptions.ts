import { describeValue } from '../../operators/internal/describeValue.js';
import type { CloseOptions } from '../types.js';
import { delayRule, getValidNumber } from '../../operators/internal/validateOptions.js';

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
  try {
    getValidNumber('deadlineMs', options.deadlineMs, undefined, delayRule);
  } catch (error) {
    return error as Error;
  }
  return undefined;
}
