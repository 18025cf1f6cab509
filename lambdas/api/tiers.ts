import type { TourConfig } from '../../core/tour-config/schema';

/** Audience tier of a route (DESIGN §9): public fans, or partners/broadcasters with an API key or IAM. */
export type Tier = 'public' | 'partner';

/** The rules a tier's replies follow: how far behind the race they are and how finely they place riders. */
export interface TierPolicy {
  readonly tier: Tier;
  /** How far behind reality the data is, s (0 for partners). */
  readonly lagSeconds: number;
  /** Newest data time shown, epoch ms; undefined = real time (no cut). */
  readonly cutoffMs: number | undefined;
  /** Rounds a coordinate (degrees) for the tier: public to the configured decimals, partner to 6 (~0.1 m). */
  readonly coordinate: (degrees: number) => number;
}

/** Decimals of partner coordinates: 0.1 m, finer than any GPS fix, so nothing real is lost. */
export const PARTNER_COORDINATE_DECIMALS = 6;

const roundTo =
  (decimals: number) =>
  (x: number): number =>
    Math.round(x * 10 ** decimals) / 10 ** decimals;

/** The policy of `tier` at `nowMs`: public = lagged by `publicLagSeconds` and rounded; partner = real time. */
export function tierPolicy(tier: Tier, api: TourConfig['api'], nowMs: number): TierPolicy {
  if (tier === 'partner') {
    return { tier, lagSeconds: 0, cutoffMs: undefined, coordinate: roundTo(PARTNER_COORDINATE_DECIMALS) };
  }
  return {
    tier,
    lagSeconds: api.publicLagSeconds,
    // With no lag the public tier is real time too: only rounding differs (and the newest snapshot is read directly).
    cutoffMs: api.publicLagSeconds === 0 ? undefined : nowMs - api.publicLagSeconds * 1000,
    coordinate: roundTo(api.publicCoordinateDecimals),
  };
}
