/**
 * The connection line in the header: live, connecting, or reconnecting with the age of the last update. The state
 * sentence is a polite live region (announced when it changes); the age ticks every second outside it.
 */
import { formatAge } from './format.js';

/** @typedef {import('./poller.js').ConnectionState} ConnectionState */

/**
 * @param {HTMLElement} box carries `data-state` for styling
 * @param {HTMLElement} stateText
 * @param {HTMLElement} ageText
 * @param {() => number} [now]
 */
export function createConnectionView(box, stateText, ageText, now = Date.now) {
  /** @type {ConnectionState | null} */
  let state = null;
  /** @type {string | null} */
  let waitingFor = null;

  function render() {
    if (!state) return;
    const kind = waitingFor && state.kind === 'live' ? 'waiting' : state.kind;
    box.dataset['state'] = kind;
    const sentence =
      kind === 'live'
        ? 'Live'
        : kind === 'waiting'
          ? `Waiting: ${waitingFor}`
          : kind === 'connecting'
            ? 'Connecting…'
            : 'Connection lost, reconnecting…';
    if (stateText.textContent !== sentence) stateText.textContent = sentence;
    const age = state.lastSuccessMs === null ? '' : `last update ${formatAge(now() - state.lastSuccessMs)} ago`;
    const retry = state.retryAtMs === null ? '' : `, next try in ${formatAge(Math.max(0, state.retryAtMs - now()))}`;
    ageText.textContent = kind === 'live' ? age : `${age}${age && retry ? retry : retry.replace(/^, n/, 'N')}`;
  }

  setInterval(render, 1_000);

  return {
    /** @param {ConnectionState} value */
    update(value) {
      state = value;
      render();
    },
    /**
     * A reason the data is not live although the API answers (e.g. the stage has not started), or null.
     * @param {string | null} reason
     */
    setWaiting(reason) {
      waitingFor = reason;
      render();
    },
  };
}
