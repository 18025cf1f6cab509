/**
 * Runs a task every second; after a failure it retries with exponential backoff (with jitter, so that thousands of
 * second screens do not reconnect in step) and reports the connection state after every attempt.
 */

/**
 * @typedef {object} ConnectionState
 * @property {'connecting' | 'live' | 'reconnecting'} kind
 * @property {number | null} lastSuccessMs wall-clock time of the last successful update, or null before the first
 * @property {number} failures consecutive failed attempts
 * @property {number | null} retryAtMs when the next attempt starts (while reconnecting)
 */

/**
 * @typedef {object} PollerOptions
 * @property {() => Promise<void>} task one update; a rejection counts as a lost connection
 * @property {(state: ConnectionState) => void} onState
 * @property {number} [intervalMs] default 1000: the API's snapshots change about once a second
 * @property {number} [maxBackoffMs] default 30000
 * @property {() => number} [now] default Date.now
 */

/**
 * Backoff after `failures` failed attempts in a row, ms: 1, 2, 4 … s, capped, with ±20 % jitter.
 * @param {number} failures
 * @param {number} intervalMs
 * @param {number} maxBackoffMs
 * @param {number} random a number in [0, 1)
 */
export function backoffMs(failures, intervalMs, maxBackoffMs, random) {
  const base = Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * Starts polling; returns a function that stops it.
 * @param {PollerOptions} options
 */
export function startPoller({ task, onState, intervalMs = 1_000, maxBackoffMs = 30_000, now = Date.now }) {
  /** @type {ConnectionState} */
  let state = { kind: 'connecting', lastSuccessMs: null, failures: 0, retryAtMs: null };
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  async function attempt() {
    const startedMs = now();
    try {
      await task();
      state = { kind: 'live', lastSuccessMs: now(), failures: 0, retryAtMs: null };
    } catch (error) {
      const failures = state.failures + 1;
      const retryAtMs = now() + backoffMs(failures, intervalMs, maxBackoffMs, Math.random());
      state = { ...state, kind: state.lastSuccessMs === null ? 'connecting' : 'reconnecting', failures, retryAtMs };
      console.warn('update failed', error);
    }
    if (stopped) return;
    onState(state);
    const delay = state.retryAtMs === null ? Math.max(0, startedMs + intervalMs - now()) : state.retryAtMs - now();
    timer = setTimeout(attempt, delay);
  }

  onState(state);
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
