import { pointAtDistance, type PreparedRoute, type SnapshotRider, type StageSnapshot } from '../../../core/race';
import type { TourData } from '../api-deps';
import { ok } from '../outcome';
import type { TierPolicy } from '../tiers';
import { requireSnapshot, resolveStage } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** A snapshot rider with who they are and where they are on the map (on the route at their distance). */
export interface LiveRider extends SnapshotRider {
  readonly name: string | null;
  readonly team: string | null;
  /** Position on the route at `distanceMeters`, degrees rounded for the tier; null when the stage has no route. */
  readonly lat: number | null;
  readonly lon: number | null;
}

/** The live stage as a tier sees it: the snapshot with named, placed riders, without the event detectors' state. */
export type LiveBody = Omit<StageSnapshot, 'riders' | 'memory'> & {
  readonly tour: string;
  readonly tier: TierPolicy['tier'];
  readonly lagSeconds: number;
  readonly riders: readonly LiveRider[];
};

/** Names and places a snapshot rider for a tier. */
export function liveRider(
  rider: SnapshotRider,
  tour: TourData,
  route: PreparedRoute | undefined,
  policy: TierPolicy,
): LiveRider {
  const config = tour.riders.get(rider.bib);
  const at = route === undefined ? undefined : pointAtDistance(route, rider.distanceMeters);
  return {
    ...rider,
    name: config?.name ?? null,
    team: config?.team ?? null,
    lat: at === undefined ? null : policy.coordinate(at.lat),
    lon: at === undefined ? null : policy.coordinate(at.lon),
  };
}

/** `GET /v1[/partner]/tours/{tour}/stages/{stage}/live`: the stage snapshot the tier may see. */
export const liveEndpoint: Endpoint = async (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const snapshot = await requireSnapshot(deps, stage.value.key, request.policy);
  if (!snapshot.ok) return snapshot;
  const route = deps.tour.stageRoute(stage.value.key.stage);
  // `memory` carries the event detectors' state between aggregator runs (1–2 KB): internal, never served.
  const { memory: _detectors, ...served } = snapshot.value;
  const body: LiveBody = {
    ...served,
    tour: deps.tourId,
    tier: request.policy.tier,
    lagSeconds: request.policy.lagSeconds,
    riders: snapshot.value.riders.map((r) => liveRider(r, deps.tour, route, request.policy)),
  };
  return ok(body);
};
