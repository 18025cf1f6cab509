import type { ApiDeps } from '../api-deps';
import type { Outcome } from '../outcome';
import type { TierPolicy } from '../tiers';

/**
 * One request as an endpoint sees it: raw path parameters and query strings (validated by the endpoint) and the
 * policy of its tier.
 */
export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly policy: TierPolicy;
}

/** Builds the JSON body of one route, or refuses the request (400/404/503). */
export type Endpoint = (deps: ApiDeps, request: ApiRequest) => Promise<Outcome<unknown>>;
