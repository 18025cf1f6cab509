import { pointAtDistance, type PreparedRoute, type SnapshotRider, type StageSnapshot } from '../../../core/race';
import type { TourData } from '../api-deps';
import { ok } from '../outcome';
import type { TierView } from '../tiers';
import { requireSnapshot, resolveStage } from './stage-lookup';
import type { View } from './view';

/** A snapshot rider with who they are and where they are on the map (on the route at their distance). */
export interface LiveRider extends SnapshotRider {
  readonly name: string | null;
  readonly team: string | null;
  /** Position on the route at `distanceMeters`, degrees rounded for the tier; null when the stage has no route. */
  readonly lat: number | null;
  readonly lon: number | null;
}

/** The live stage as a tier sees it: the snapshot with named, placed riders, without the engine's event memory. */
export type LiveBody = Omit<StageSnapshot, 'riders' | 'memory'> & {
  readonly tour: string;
  readonly tier: TierView['tier'];
  readonly lagSeconds: number;
  readonly riders: readonly LiveRider[];
};

/** Names and places a snapshot rider for a tier. */
export function liveRider(
  rider: SnapshotRider,
  tour: TourData,
  route: PreparedRoute | undefined,
  view: TierView,
): LiveRider {
  const config = tour.riders.get(rider.bib);
  const at = route === undefined ? undefined : pointAtDistance(route, rider.distanceMeters);
  return {
    ...rider,
    name: config?.name ?? null,
    team: config?.team ?? null,
    lat: at === undefined ? null : view.coordinate(at.lat),
    lon: at === undefined ? null : view.coordinate(at.lon),
  };
}

/** `GET /v1[/partner]/tours/{tour}/stages/{stage}/live`: the stage snapshot the tier may see. */
export const liveView: View = async (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const snapshot = await requireSnapshot(deps, stage.value.key, request.view);
  if (!snapshot.ok) return snapshot;
  const route = deps.tour.stageRoute(stage.value.key.stage);
  // The memory carries the event detectors' state between aggregator runs (1–2 KB): internal, never served.
  const { memory: _memory, ...served } = snapshot.value;
  const body: LiveBody = {
    ...served,
    tour: deps.tourId,
    tier: request.view.tier,
    lagSeconds: request.view.lagSeconds,
    riders: snapshot.value.riders.map((r) => liveRider(r, deps.tour, route, request.view)),
  };
  return ok(body);
};
