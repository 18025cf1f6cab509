import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiDeps } from './api-deps';
import { corsHeaders, errorReply, okReply, preflightReply } from './responses';
import { matchTemplate } from './route-match';
import { API_ROUTES, type ApiRoute, type RouteName } from './routes';
import { tierView } from './tiers';
import { eventsView } from './views/events';
import { gcView } from './views/gc';
import { healthView } from './views/health';
import { historyView } from './views/history';
import { liveView } from './views/live';
import { riderView } from './views/rider';
import { scheduleView } from './views/schedule';
import { stageRouteView } from './views/stage-route';
import type { View } from './views/view';

/** The view behind each route; partner routes share the public views and differ only in their tier. */
const VIEWS: Readonly<Record<RouteName, View>> = {
  health: healthView,
  stages: scheduleView,
  route: stageRouteView,
  live: liveView,
  rider: riderView,
  events: eventsView,
  gc: gcView,
  'partner-live': liveView,
  'partner-rider': riderView,
  'partner-events': eventsView,
  'partner-gc': gcView,
  'partner-history': historyView,
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
 * matches), 400/404/503 from the view, 404 for unknown paths, 405 for other methods, CORS on public routes.
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
  const view = tierView(route.tier, deps.tour.config.api, deps.now());
  const query = event.queryStringParameters ?? {};
  const outcome = await VIEWS[route.name](deps, { params, query, view });
  if (!outcome.ok) return errorReply(outcome.status, outcome.error, outcome.message, cors);
  return okReply(outcome.value, route.cache, headerOf(event, 'if-none-match'), cors);
}

/** A request header by name, whatever case the client or gateway used. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
