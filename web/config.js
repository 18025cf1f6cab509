/**
 * Where the page reads its data: the API base URL, the tour and (optionally) the stage.
 * Order of precedence: the query string (`?api=`, `?tour=`, `?stage=`), then `<meta name="api-base">` /
 * `<meta name="tour">`, then the page's own origin.
 */

/**
 * @typedef {object} PageConfig
 * @property {string} apiBase API base URL without a trailing slash, e.g. `https://api.example.com`
 * @property {string | null} tour tour id, or null to ask the API which tour it serves
 * @property {number | null} stage stage number, or null to follow the schedule
 */

/**
 * Reads the page configuration.
 * @param {Location} location
 * @param {Document} doc
 * @returns {PageConfig}
 */
export function pageConfig(location, doc) {
  const params = new URLSearchParams(location.search);
  /** @param {string} name */
  const meta = (name) => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content')?.trim() || null;
  const stage = Number(params.get('stage'));
  return {
    apiBase: httpUrl(params.get('api')) ?? httpUrl(meta('api-base')) ?? location.origin,
    tour: params.get('tour') ?? meta('tour'),
    stage: Number.isInteger(stage) && stage > 0 ? stage : null,
  };
}

/**
 * Returns the URL without a trailing slash when it is http(s), else null: a `javascript:` or relative value is ignored.
 * @param {string | null} value
 * @returns {string | null}
 */
function httpUrl(value) {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}
