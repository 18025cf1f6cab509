import type { StageKey } from '../../../core/ports/stage-key';
import type { StageSnapshot } from '../../../core/race';
import type { StageConfig } from '../../../core/tour-config/schema';
import type { ApiDeps } from '../api-deps';
import { badRequest, notFound, ok, type Outcome } from '../outcome';
import { parseParams, StageParams, TourParams } from '../params';
import type { TierPolicy } from '../tiers';

/** Checks the tour path parameter: well formed (else 400) and the deployed tour (else 404). */
export function resolveTour(deps: ApiDeps, params: Readonly<Record<string, string>>): Outcome<string> {
  const parsed = parseParams(TourParams, params);
  if (!parsed.ok) return badRequest(parsed.message);
  if (parsed.value.tour !== deps.tourId) return notFound(`unknown tour "${parsed.value.tour}"`);
  return ok(deps.tourId);
}

/** A stage of the deployed tour named by a request. */
export interface ResolvedStage {
  readonly key: StageKey;
  readonly config: StageConfig;
}

/** Checks the tour and stage path parameters: well formed (else 400) and known to the tour config (else 404). */
export function resolveStage(deps: ApiDeps, params: Readonly<Record<string, string>>): Outcome<ResolvedStage> {
  const parsed = parseParams(StageParams, params);
  if (!parsed.ok) return badRequest(parsed.message);
  const tour = resolveTour(deps, params);
  if (!tour.ok) return tour;
  const config = deps.tour.config.stages.find((s) => s.number === parsed.value.stage);
  if (config === undefined) return notFound(`tour ${deps.tourId} has no stage ${parsed.value.stage}`);
  return ok({ key: { tour: deps.tourId, stage: config.number }, config });
}

/**
 * The snapshot a tier may see: the newest one for partners (and for the public tier without lag), else the newest
 * taken at or before the tier's cut-off.
 */
export function snapshotForTier(deps: ApiDeps, key: StageKey, policy: TierPolicy): Promise<StageSnapshot | undefined> {
  return policy.cutoffMs === undefined ? deps.snapshots.get(key) : deps.snapshots.getAtOrBefore(key, policy.cutoffMs);
}

/** The snapshot a tier may see, or 404 when there is none yet. */
export async function requireSnapshot(
  deps: ApiDeps,
  key: StageKey,
  policy: TierPolicy,
): Promise<Outcome<StageSnapshot>> {
  const snapshot = await snapshotForTier(deps, key, policy);
  return snapshot === undefined ? notFound(`stage ${key.stage} has no live data yet`) : ok(snapshot);
}
