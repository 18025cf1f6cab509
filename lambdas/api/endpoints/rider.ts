import { profileAtDistance, type PreparedRoute, type VirtualGcEntry } from '../../../core/race';
import { badRequest, notFound, ok } from '../outcome';
import { parseParams, RiderParams } from '../params';
import type { TierPolicy } from '../tiers';
import { liveRider, type LiveRider } from './live';
import { resolveStage, snapshotForTier } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** Column order of `track` rows: compact arrays keep a 5-hour track (1,800 points) near 70 kB. */
export const TRACK_FIELDS = ['tMs', 'lon', 'lat', 'distanceMeters'] as const;

/** One rider on one stage as a tier sees them. */
export interface RiderBody {
  readonly tour: string;
  readonly stage: number;
  readonly tier: TierPolicy['tier'];
  readonly lagSeconds: number;
  readonly bib: number;
  readonly name: string;
  readonly team: string;
  readonly nationality: string | null;
  /** Time of the snapshot `live` and `gc` come from, epoch ms; null before the first snapshot. */
  readonly snapshotTMs: number | null;
  /** Live state from the snapshot, with the road's altitude and gradient there; null before the first fix. */
  readonly live: (LiveRider & { altitudeMeters: number | null; gradientPercent: number | null }) | null;
  readonly gc: VirtualGcEntry | null;
  readonly trackFields: typeof TRACK_FIELDS;
  /** Downsampled track (one point per 10 s), oldest first, cut at the tier's lag; coordinates rounded for it. */
  readonly track: readonly (readonly [number, number, number, number])[];
}

/** `GET /v1[/partner]/tours/{tour}/stages/{stage}/riders/{bib}`: a rider's live state and track. */
export const riderEndpoint: Endpoint = async (deps, request) => {
  const parsed = parseParams(RiderParams, request.params);
  if (!parsed.ok) return badRequest(parsed.message);
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return stage;
  const rider = deps.tour.riders.get(parsed.value.bib);
  if (rider === undefined) return notFound(`tour ${deps.tourId} has no rider with bib ${parsed.value.bib}`);
  const { key } = stage.value;
  const policy = request.policy;
  const [snapshot, track] = await Promise.all([snapshotForTier(deps, key, policy), deps.tracks.track(key, rider.bib)]);
  const live = snapshot?.riders.find((r) => r.bib === rider.bib);
  const cutoff = policy.cutoffMs ?? Number.POSITIVE_INFINITY;
  const route = deps.tour.stageRoute(key.stage);
  const body: RiderBody = {
    tour: deps.tourId,
    stage: key.stage,
    tier: policy.tier,
    lagSeconds: policy.lagSeconds,
    bib: rider.bib,
    name: rider.name,
    team: rider.team,
    nationality: rider.nationality,
    snapshotTMs: snapshot?.tMs ?? null,
    live:
      live === undefined
        ? null
        : { ...liveRider(live, deps.tour, route, policy), ...roadAt(route, live.distanceMeters) },
    gc: snapshot?.virtualGc.find((g) => g.bib === rider.bib) ?? null,
    trackFields: TRACK_FIELDS,
    track: track
      .filter((p) => p.tMs <= cutoff)
      .map((p) => [p.tMs, policy.coordinate(p.lon), policy.coordinate(p.lat), Math.round(p.distanceMeters)] as const),
  };
  return ok(body);
};

/** Smoothed altitude (m) and gradient (%, 1 decimal) of the road at a distance, or nulls without a route. */
function roadAt(
  route: PreparedRoute | undefined,
  distanceMeters: number,
): { altitudeMeters: number | null; gradientPercent: number | null } {
  if (route === undefined) return { altitudeMeters: null, gradientPercent: null };
  const road = profileAtDistance(route, distanceMeters);
  return {
    altitudeMeters: Math.round(road.altitudeMeters),
    gradientPercent: Math.round(road.gradientPercent * 10) / 10,
  };
}
