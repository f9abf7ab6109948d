// One listener on the run's signal however many SDK calls are in flight. The SDK's HTTP handler
// adds a listener per request to the signal it is given, and Node warns past ten on one signal
// (MaxListenersExceededWarning): each call gets a signal of its own, which the run's aborts.
const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

/** `send` with a signal of its own that the run's `signal` aborts (none when there is no run signal). */
export async function withCallSignal<T>(
  signal: AbortSignal | undefined,
  send: (abortSignal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal || signal.aborted) return send(signal);
  let calls = inFlight.get(signal);
  if (!calls) {
    const set = new Set<AbortController>();
    inFlight.set(signal, (calls = set));
    signal.addEventListener('abort', () => set.forEach((c) => c.abort(signal.reason)), { once: true });
  }
  const call = new AbortController();
  calls.add(call);
  try {
    return await send(call.signal);
  } finally {
    calls.delete(call);
  }
}
