/** Time as the relay sees it; injected so tests control waits and ages. */
export interface RelayClock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `millis`, or early (without error) when `signal` aborts. */
  sleep(millis: number, signal?: AbortSignal): Promise<void>;
}

/** Resolves after `millis` of wall time, or early (without error) when `signal` aborts. */
export function abortableSleep(millis: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, millis);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The wall clock. */
export const systemClock: RelayClock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};
