/**
 * Makes the blank instance a class keeps for the life of the process: `blank ??= blankInstance(() => new X(…))`
 * in the constructor.
 *
 * Why: V8 drops a hidden class at a full gc when no object has it, and with it every optimised function
 * specialised on it: the class's own methods and the RxJS code that inlined them (`from`'s loop calling the
 * buffer's `next`). A stream subscribed after a full gc that found none of these objects alive — an idle moment
 * between subscriptions — would run unoptimised until V8 re-optimises it. A blank instance keeps the hidden class,
 * as an object literal's is kept by the code that makes it (`openBatch`). It is made with the first instance's
 * numbers and with `undefined` for every object: it holds none of the user's objects, and it is never used.
 *
 * It keeps the hidden class only while real instances have the same one, so a numeric field must not change
 * representation after construction: one that starts as a small integer and is later given a fraction or a
 * clock reading moves every live instance to a new hidden class and leaves the blank behind (`BatchDeadline`'s
 * clock readings start as `NaN` for this reason).
 *
 * @returns the blank instance, or `undefined` while one is being made (its constructor asks too).
 */
export function blankInstance<T>(make: () => T): T | undefined {
  if (makingBlank) return undefined;
  makingBlank = true;
  try {
    return make();
  } finally {
    makingBlank = false;
  }
}

let makingBlank = false;
