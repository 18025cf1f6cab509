import type { ApiDeps } from '../api-deps';
import type { Outcome } from '../outcome';
import type { TierView } from '../tiers';

/** One request as a view sees it: raw path parameters and query strings (validated by the view) and the tier. */
export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly view: TierView;
}

/** Builds the JSON body of one route, or refuses the request (400/404/503). */
export type View = (deps: ApiDeps, request: ApiRequest) => Promise<Outcome<unknown>>;
