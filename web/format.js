/** How numbers read on the page: gaps as race clocks, distances in km, ages in seconds or minutes. */

/**
 * A time gap as TV graphics show it: `+0:42`, `+3:05`, `+1:02:03`; zero is `0:00`.
 * @param {number} seconds
 */
export function formatGap(seconds) {
  const total = Math.round(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  const clock = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  if (total === 0) return clock;
  return seconds < 0 ? `−${clock}` : `+${clock}`;
}

/**
 * A distance in km with one decimal: `112.3 km`.
 * @param {number} meters
 */
export function formatKm(meters) {
  return `${(meters / 1000).toFixed(1)} km`;
}

/**
 * How long ago, in words short enough for a status line: `3 s`, `2 min`, `1 h 5 min`.
 * @param {number} ms
 */
export function formatAge(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/**
 * A clock time in the reader's time zone, e.g. `15:42`.
 * @param {number} epochMs
 */
export function formatClock(epochMs) {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Fans' names for the engine's group kinds. */
export const GROUP_NAMES = /** @type {const} */ ({
  breakaway: 'Breakaway',
  chasers: 'Chasers',
  peloton: 'Peloton',
  grupetto: 'Grupetto',
  dropped: 'Dropped',
});

/**
 * The fan's name of a group kind (an unknown kind reads as itself).
 * @param {string} kind
 */
export function groupName(kind) {
  return /** @type {Record<string, string>} */ (GROUP_NAMES)[kind] ?? kind;
}

/** Fans' words for tracker statuses. */
const STATUS_TEXT = /** @type {Record<string, string>} */ ({
  ok: 'Racing',
  stale: 'Signal delayed',
  lost: 'Signal lost',
  'bike-change-suspected': 'Bike change?',
});

/**
 * @param {string} status
 */
export function statusText(status) {
  return STATUS_TEXT[status] ?? status;
}
