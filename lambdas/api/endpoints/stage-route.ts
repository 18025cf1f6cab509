import simplify from 'simplify-js';
import { profileAtDistance, type PreparedRoute } from '../../../core/race';
import type { StageConfig } from '../../../core/tour-config/schema';
import { notFound, ok } from '../outcome';
import { resolveStage } from './stage-lookup';
import type { Endpoint } from './endpoint';

/** Spacing of the elevation profile sent to the page, m: enough to draw a climb, ~1,000 points for 200 km. */
export const PROFILE_STEP_METERS = 200;
/** Douglas-Peucker tolerance of the map polyline, degrees (~10 m): invisible at stage zoom, ~10× fewer points. */
export const POLYLINE_TOLERANCE_DEGREES = 0.0001;

const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/** The compact, public picture of a stage route for the second-screen page: profile, polyline, sprints, climbs. */
export interface StageRouteBody {
  readonly tour: string;
  readonly stage: number;
  readonly lengthMeters: number;
  readonly minAltitudeMeters: number;
  readonly maxAltitudeMeters: number;
  readonly climbingMeters: number;
  /** `[km, altitude m]` every ~200 m from the start to the finish (smoothed altitude). */
  readonly profile: readonly (readonly [number, number])[];
  /** `[lon, lat]` of the simplified route, 5 decimals (~1 m). */
  readonly polyline: readonly (readonly [number, number])[];
  readonly sprints: readonly { name: string; km: number; bonusSeconds: readonly number[] }[];
  readonly climbs: readonly {
    name: string;
    category: string;
    summitKm: number;
    lengthKm: number;
    averageGradientPercent: number;
  }[];
}

/** Builds the route body from the prepared route; pure, so it is computed once per stage and process. */
export function stageRouteBody(tour: string, config: StageConfig, route: PreparedRoute): StageRouteBody {
  const steps = Math.max(1, Math.round(route.lengthMeters / PROFILE_STEP_METERS));
  const profile: [number, number][] = [];
  for (let k = 0; k <= steps; k += 1) {
    const d = (route.lengthMeters * k) / steps;
    profile.push([round(d / 1000, 2), Math.round(profileAtDistance(route, d).altitudeMeters)]);
  }
  const points = Array.from({ length: route.vertexCount }, (_, i) => ({ x: route.lon[i]!, y: route.lat[i]! }));
  const polyline = simplify(points, POLYLINE_TOLERANCE_DEGREES, true).map(
    (p) => [round(p.x, 5), round(p.y, 5)] as const,
  );
  return {
    tour,
    stage: config.number,
    lengthMeters: Math.round(route.lengthMeters),
    minAltitudeMeters: Math.round(route.minAltitudeMeters),
    maxAltitudeMeters: Math.round(route.maxAltitudeMeters),
    climbingMeters: Math.round(route.climbingMeters),
    profile,
    polyline,
    sprints: config.sprints.map((s) => ({ name: s.name, km: s.km, bonusSeconds: s.bonusSeconds })),
    climbs: config.climbs.map((c) => ({
      name: c.name,
      category: c.category,
      summitKm: c.summitKm,
      lengthKm: c.lengthKm,
      averageGradientPercent: c.averageGradientPercent,
    })),
  };
}

const bodies = new WeakMap<PreparedRoute, StageRouteBody>();

/** `GET /v1/tours/{tour}/stages/{stage}/route`: the stage route for the page (long cache: it never changes live). */
export const stageRouteEndpoint: Endpoint = (deps, request) => {
  const stage = resolveStage(deps, request.params);
  if (!stage.ok) return Promise.resolve(stage);
  const route = deps.tour.stageRoute(stage.value.key.stage);
  if (route === undefined) return Promise.resolve(notFound(`stage ${stage.value.key.stage} has no route`));
  let body = bodies.get(route);
  if (body === undefined) {
    body = stageRouteBody(deps.tourId, stage.value.config, route);
    bodies.set(route, body);
  }
  return Promise.resolve(ok(body));
};
