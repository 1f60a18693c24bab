/** Watches a promise without awaiting it, so a test can assert "still pending" as well as how it settled. */
export interface Observed<T> {
  status: 'pending' | 'fulfilled' | 'rejected';
  value?: T;
  reason?: unknown;
}

export function observe<T>(promise: Promise<T>): Observed<T> {
  const observed: Observed<T> = { status: 'pending' };
  promise.then(
    (value) => Object.assign(observed, { status: 'fulfilled', value }),
    (reason: unknown) => Object.assign(observed, { status: 'rejected', reason }),
  );
  return observed;
}

/** A promise the test settles by hand: the batch function's backend, held open. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (fake timers stay where they are). */
export async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
