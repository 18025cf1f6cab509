import { Duration } from 'aws-cdk-lib';
import type { z } from 'zod';
import { EventsQuery, HistoryQueryParams } from '../../lambdas/api/params';
import type { CachePolicy } from '../../lambdas/api/responses';
import { API_ROUTES, type ApiRoute, type RouteName } from '../../lambdas/api/routes';

/** Query schemas of the routes that read a query string; their fields become method request parameters. */
const QUERY_SCHEMAS: Partial<Record<RouteName, { readonly shape: Record<string, z.ZodType> }>> = {
  events: EventsQuery,
  'partner-events': EventsQuery,
  'partner-history': HistoryQueryParams,
};

/**
 * CloudFront path patterns of the public fan routes, which the page's distribution forwards to the API. Partner
 * routes (`/v1/partner/*`) match none of them: they stay on the regional endpoint only.
 */
export const FAN_PATH_PATTERNS = ['/v1/tours/*', '/v1/health'] as const;

/**
 * Method request parameters of a route, for validation and cache keys: every `{placeholder}` is required, and each
 * query field is required when its schema rejects a missing value (history's `from`/`to`), optional otherwise.
 */
export function requestParametersOf(route: ApiRoute): Record<string, boolean> {
  const params: Record<string, boolean> = {};
  for (const match of route.template.matchAll(/\{(\w+)\}/g)) params[`method.request.path.${match[1]}`] = true;
  for (const [name, field] of Object.entries(QUERY_SCHEMAS[route.name]?.shape ?? {})) {
    params[`method.request.querystring.${name}`] = !field.safeParse(undefined).success;
  }
  return params;
}

/** Query string names the public routes read, sorted: the CDN's cache key and origin requests carry these only. */
export function publicQueryStrings(): string[] {
  const names = API_ROUTES.filter((route) => route.tier === 'public').flatMap((route) =>
    Object.keys(QUERY_SCHEMAS[route.name]?.shape ?? {}),
  );
  return [...new Set(names)].sort();
}

/**
 * Stage-cache TTL of a handler cache policy, or undefined for no cache. Partner replies are never cached, so that
 * one key's reply is never served to another caller; the gateway cache holds at most 3600 s.
 */
export function cacheTtlOf(policy: CachePolicy, liveTtl: Duration): Duration | undefined {
  switch (policy) {
    case 'live':
      return liveTtl;
    case 'schedule':
      return Duration.minutes(5);
    case 'route':
      return Duration.hours(1);
    case 'private':
    case 'none':
      return undefined;
  }
}

/** Why a method has no Cognito authorizer (COG4) and, unless IAM-signed, no authorizer at all (APIG4). */
export function authorizationReasons(route: ApiRoute | 'preflight'): Record<string, string> {
  if (route === 'preflight') {
    const reason = 'CORS preflight (OPTIONS, mock integration) must answer browsers without credentials';
    return { 'AwsSolutions-APIG4': reason, 'AwsSolutions-COG4': reason };
  }
  const path = route.template;
  switch (route.auth) {
    case 'none':
      return {
        'AwsSolutions-APIG4': `${path} serves public race data to fans (lagged, rounded); WAF, throttling and the cache protect it`,
        'AwsSolutions-COG4': `${path} serves public race data to anonymous fans; there are no user accounts`,
      };
    case 'api-key':
      return {
        'AwsSolutions-APIG4': `${path} requires a partner API key bound to the throttled partner usage plan`,
        'AwsSolutions-COG4': `${path} is called server to server by partners with an API key, not by Cognito users`,
      };
    case 'iam':
      return {
        'AwsSolutions-COG4': `${path} is IAM-authorized (SigV4): partner analysts are AWS principals, not Cognito users`,
      };
  }
}
