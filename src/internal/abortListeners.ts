/** The requests waiting on one signal, and the single listener that answers them all. */
interface SignalListeners {
  readonly callbacks: Set<() => void>;
  readonly onAbort: () => void;
}

const listenersBySignal = new WeakMap<AbortSignal, SignalListeners>();

/**
 * Calls `callback` when `signal` aborts, adding at most one event listener to the signal however many requests
 * share it: a per-HTTP-request signal passed to a dozen lookups must not trip Node's
 * `MaxListenersExceededWarning` (at 11 listeners).
 *
 * @returns Stops listening; the signal's own listener goes once no request listens any more.
 */
export function listenForAbort(signal: AbortSignal, callback: () => void): () => void {
  let listeners = listenersBySignal.get(signal);
  if (listeners === undefined) {
    const callbacks = new Set<() => void>();
    const onAbort = () => {
      listenersBySignal.delete(signal);
      for (const waiting of [...callbacks]) waiting();
    };
    listeners = { callbacks, onAbort };
    listenersBySignal.set(signal, listeners);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  const { callbacks, onAbort } = listeners;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    signal.removeEventListener('abort', onAbort);
    if (listenersBySignal.get(signal) === listeners) listenersBySignal.delete(signal);
  };
}
