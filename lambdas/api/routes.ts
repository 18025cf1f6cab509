import type { CachePolicy } from './responses';
import type { Tier } from './tiers';

/** Names of the API's routes: the `Route` metric dimension and the keys of the endpoint table. */
export type RouteName =
  | 'health'
  | 'stages'
  | 'route'
  | 'live'
  | 'rider'
  | 'events'
  | 'gc'
  | 'partner-live'
  | 'partner-rider'
  | 'partner-events'
  | 'partner-gc'
  | 'partner-history';

/** How API Gateway authorizes a route: none (public), an API key with a usage plan, or IAM (SigV4). */
export type RouteAuth = 'none' | 'api-key' | 'iam';

/** One route of the API: its path template, audience tier, API Gateway authorization and cache policy. */
export interface ApiRoute {
  readonly name: RouteName;
  /** Path with `{placeholders}`; the same text API Gateway resources use. */
  readonly template: string;
  readonly tier: Tier;
  readonly auth: RouteAuth;
  readonly cache: CachePolicy;
}

const PUBLIC_STAGE = '/v1/tours/{tour}/stages/{stage}';
const PARTNER_STAGE = '/v1/partner/tours/{tour}/stages/{stage}';

/**
 * Every route the API handler serves, all `GET` (plus `OPTIONS` preflight on public ones). The API construct
 * creates one API Gateway resource per template from this list, so handler and gateway cannot drift apart.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  { name: 'health', template: '/v1/health', tier: 'public', auth: 'none', cache: 'none' },
  { name: 'stages', template: '/v1/tours/{tour}/stages', tier: 'public', auth: 'none', cache: 'schedule' },
  { name: 'route', template: `${PUBLIC_STAGE}/route`, tier: 'public', auth: 'none', cache: 'route' },
  { name: 'live', template: `${PUBLIC_STAGE}/live`, tier: 'public', auth: 'none', cache: 'live' },
  { name: 'rider', template: `${PUBLIC_STAGE}/riders/{bib}`, tier: 'public', auth: 'none', cache: 'live' },
  { name: 'events', template: `${PUBLIC_STAGE}/events`, tier: 'public', auth: 'none', cache: 'live' },
  { name: 'gc', template: `${PUBLIC_STAGE}/gc`, tier: 'public', auth: 'none', cache: 'live' },
  { name: 'partner-live', template: `${PARTNER_STAGE}/live`, tier: 'partner', auth: 'api-key', cache: 'private' },
  {
    name: 'partner-rider',
    template: `${PARTNER_STAGE}/riders/{bib}`,
    tier: 'partner',
    auth: 'api-key',
    cache: 'private',
  },
  { name: 'partner-events', template: `${PARTNER_STAGE}/events`, tier: 'partner', auth: 'api-key', cache: 'private' },
  { name: 'partner-gc', template: `${PARTNER_STAGE}/gc`, tier: 'partner', auth: 'api-key', cache: 'private' },
  { name: 'partner-history', template: `${PARTNER_STAGE}/history`, tier: 'partner', auth: 'iam', cache: 'private' },
];
