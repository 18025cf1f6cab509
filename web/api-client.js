/**
 * JSON GETs against the tour-tracker API with ETag revalidation: each path remembers its last ETag and body, sends
 * `If-None-Match`, and a 304 returns the remembered body without parsing anything.
 */

/** Error for a reply that is neither 2xx nor a usable 304; `status` is 0 for a network failure or timeout. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   * @param {unknown} [cause]
   */
  constructor(message, status, cause) {
    super(message, { cause });
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * @template T
 * @typedef {object} Fetched
 * @property {T} body the new body, or the remembered one after a 304
 * @property {boolean} changed false when the server answered 304 Not Modified
 */

/** Give up on one request after this long, ms: a hung connection must not stall the 1 s polling. */
const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Creates a client for one API base URL.
 * @param {string} apiBase e.g. `https://api.example.com` (no trailing slash)
 * @param {typeof fetch} [fetchImpl]
 */
export function createApiClient(apiBase, fetchImpl = globalThis.fetch.bind(globalThis)) {
  /** @type {Map<string, { etag: string, body: unknown }>} */
  const cache = new Map();

  /**
   * GETs a path (`/v1/...`) as JSON.
   * @template T
   * @param {string} path
   * @returns {Promise<Fetched<T>>}
   * @throws {ApiError}
   */
  async function getJson(path) {
    const cached = cache.get(path);
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (cached) headers['If-None-Match'] = cached.etag;
    let response;
    try {
      // no-store: the browser's own cache would hide the 304 (and serve a stale body after a reconnect).
      response = await fetchImpl(apiBase + path, {
        headers,
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError(`GET ${path} failed: no reply`, 0, error);
    }
    if (response.status === 304 && cached) return { body: /** @type {T} */ (cached.body), changed: false };
    if (!response.ok) throw new ApiError(`GET ${path} answered ${response.status}`, response.status);
    const body = /** @type {T} */ (await response.json());
    const etag = response.headers.get('ETag');
    if (etag) cache.set(path, { etag, body });
    else cache.delete(path);
    return { body, changed: true };
  }

  return { getJson };
}

/** @typedef {ReturnType<typeof createApiClient>} ApiClient */
