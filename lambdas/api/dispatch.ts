import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiDeps } from './api-deps';
import { corsHeaders, errorReply, okReply, preflightReply } from './responses';
import { matchTemplate } from './route-match';
import { API_ROUTES, type ApiRoute, type RouteName } from './routes';
import { tierPolicy } from './tiers';
import { eventsEndpoint } from './endpoints/events';
import { gcEndpoint } from './endpoints/gc';
import { healthEndpoint } from './endpoints/health';
import { historyEndpoint } from './endpoints/history';
import { liveEndpoint } from './endpoints/live';
import { riderEndpoint } from './endpoints/rider';
import { scheduleEndpoint } from './endpoints/schedule';
import { stageRouteEndpoint } from './endpoints/stage-route';
import type { Endpoint } from './endpoints/endpoint';

/** The endpoint behind each route; partner routes share the public endpoints and differ only in their tier. */
const ENDPOINTS: Readonly<Record<RouteName, Endpoint>> = {
  health: healthEndpoint,
  stages: scheduleEndpoint,
  route: stageRouteEndpoint,
  live: liveEndpoint,
  rider: riderEndpoint,
  events: eventsEndpoint,
  gc: gcEndpoint,
  'partner-live': liveEndpoint,
  'partner-rider': riderEndpoint,
  'partner-events': eventsEndpoint,
  'partner-gc': gcEndpoint,
  'partner-history': historyEndpoint,
};

/** A route that matched a path, with the raw values of its placeholders. */
export interface FoundRoute {
  readonly route: ApiRoute;
  readonly params: Readonly<Record<string, string>>;
}

/** The route whose template matches the path, or undefined. */
export function findRoute(path: string): FoundRoute | undefined {
  for (const route of API_ROUTES) {
    const params = matchTemplate(route.template, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

/** CORS headers of a reply: public routes (and unmatched paths) get them, partner routes never do. */
export function corsFor(deps: ApiDeps, found: FoundRoute | undefined): Record<string, string> {
  return found?.route.tier === 'partner' ? {} : corsHeaders(deps.corsAllowOrigin);
}

/**
 * Answers a REST proxy event by its path and method: 200 with Cache-Control and ETag (304 when If-None-Match
 * matches), 400/404/503 from the endpoint, 404 for unknown paths, 405 for other methods, CORS on public routes.
 * Faults (store errors) propagate: the caller turns them into a 500 without internals.
 */
export async function dispatch(
  deps: ApiDeps,
  event: APIGatewayProxyEvent,
  found: FoundRoute | undefined,
): Promise<APIGatewayProxyResult> {
  const cors = corsFor(deps, found);
  // The path is echoed only in part: a reply never carries more of the caller's input than a sentence needs.
  if (found === undefined) return errorReply(404, 'not-found', `no route ${event.path.slice(0, 120)}`, cors);
  const { route, params } = found;
  const allowed = route.tier === 'public' ? 'GET, OPTIONS' : 'GET';
  if (event.httpMethod === 'OPTIONS' && route.tier === 'public') return preflightReply(deps.corsAllowOrigin);
  if (event.httpMethod !== 'GET') {
    const message = `${event.httpMethod.slice(0, 16)} is not allowed on ${route.template}; use ${allowed}`;
    return errorReply(405, 'method-not-allowed', message, { ...cors, Allow: allowed });
  }
  const policy = tierPolicy(route.tier, deps.tour.config.api, deps.now());
  const query = event.queryStringParameters ?? {};
  const outcome = await ENDPOINTS[route.name](deps, { params, query, policy });
  if (!outcome.ok) return errorReply(outcome.status, outcome.error, outcome.message, cors);
  return okReply(outcome.value, route.cache, headerOf(event, 'if-none-match'), cors);
}

/** A request header by name, whatever case the client or gateway used. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
