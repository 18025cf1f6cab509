import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** Error codes of every non-2xx reply: a closed union clients can switch on (docs/api.md). */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'method-not-allowed' | 'unavailable' | 'internal';

/** The JSON body of every error reply. */
export interface ApiErrorBody {
  readonly error: ApiErrorCode;
  /** A sentence for a developer: names the parameter and what was expected. Never internals. */
  readonly message: string;
}

/** How a reply may be cached, by CDNs and browsers. */
export type CachePolicy = 'live' | 'schedule' | 'route' | 'private' | 'none';

/**
 * Cache-Control per policy. Live data is fresh for a second and may be served a few seconds stale while a CDN
 * refetches (fans poll; one origin hit per second per edge absorbs any crowd); partner data is never shared.
 */
export const CACHE_CONTROL: Readonly<Record<CachePolicy, string>> = {
  live: 'public, max-age=1, s-maxage=1, stale-while-revalidate=5',
  schedule: 'public, max-age=300, stale-while-revalidate=60',
  route: 'public, max-age=3600, s-maxage=86400',
  private: 'private, no-store',
  none: 'no-store',
};

/** CORS headers for the public tier: the second-screen page reads the API from another origin. */
export function corsHeaders(allowOrigin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': allowOrigin,
    'Access-Control-Expose-Headers': 'ETag',
  };
}

/** Answer to a CORS preflight of a public route. */
export function preflightReply(allowOrigin: string): APIGatewayProxyResult {
  return {
    statusCode: 204,
    headers: {
      ...corsHeaders(allowOrigin),
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match, Content-Type',
      'Access-Control-Max-Age': '600',
      'Cache-Control': 'public, max-age=600',
    },
    body: '',
  };
}

/** A strong ETag of a body: the same bytes always give the same tag. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * True when an If-None-Match header matches the tag. Uses the weak comparison RFC 9110 §13.1.2 prescribes for
 * If-None-Match, because a CDN that compresses a reply may weaken its tag (`W/"…"`).
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** A JSON 200 with Cache-Control and a strong ETag; a 304 with no body when the client already has it. */
export function okReply(
  body: unknown,
  cache: CachePolicy,
  ifNoneMatch: string | undefined,
  extraHeaders: Record<string, string>,
): APIGatewayProxyResult {
  const json = JSON.stringify(body);
  const etag = etagOf(json);
  const headers = { ...extraHeaders, 'Cache-Control': CACHE_CONTROL[cache], ETag: etag };
  if (matchesIfNoneMatch(ifNoneMatch, etag)) return { statusCode: 304, headers, body: '' };
  return { statusCode: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: json };
}

/** A JSON error reply; never cached, so a fixed fault or a first snapshot shows at once. */
export function errorReply(
  statusCode: number,
  error: ApiErrorCode,
  message: string,
  extraHeaders: Record<string, string>,
): APIGatewayProxyResult {
  const body: ApiErrorBody = { error, message };
  return {
    statusCode,
    headers: {
      ...extraHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': CACHE_CONTROL.none,
    },
    body: JSON.stringify(body),
  };
}
