import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RouteFileError } from '../../core/tour-config/route-file';
import { prepareRoute, type GeoPosition, type PreparedRoute, type RoutePoint } from '../../core/race/index';

// The route inputs of the route benchmarks, shared with the route tests (test/helpers/routes.ts): the built and the
// raw (published) routes of a stage, and a naive full-scan matcher to compare the engine's matcher with.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const coordinate = z.tuple([z.number(), z.number(), z.number()]);
// The built tour routes (Feature + LineString) and the raw shared data (FeatureCollection + MultiLineString).
const routeFile = z.union([
  z.object({
    type: z.literal('Feature'),
    geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(coordinate) }),
  }),
  z.object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(
        z.object({
          geometry: z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(coordinate)) }),
        }),
      )
      .length(1),
  }),
]);

/** Returns the path of a stage's route file in the repo: config/tours/<tourId>/routes/stage-NN.geojson. */
export function routeFilePath(tourId: string, stage: number): string {
  return `${repoRoot}config/tours/${tourId}/routes/stage-${String(stage).padStart(2, '0')}.geojson`;
}

/** Reads a stage route ([lon, lat, ele] from start to finish) from the repo's tour config. */
export function loadRoutePoints(tourId: string, stage: number): RoutePoint[] {
  const path = routeFilePath(tourId, stage);
  if (!existsSync(path)) throw new RouteFileError(path, 'missing (run npm run build:tours)');
  return parseRouteFile(path);
}

/**
 * Reads a stage route as published, before cleaning and simplification, from ../shared/data next to
 * the repo (SOURCES.md), or returns undefined when that folder is absent (a fresh clone).
 */
export function loadRawRoutePoints(tourId: string, stage: number): RoutePoint[] | undefined {
  const path = `${repoRoot}../shared/data/${tourId}/routes/stage-${String(stage).padStart(2, '0')}.geojson`;
  return existsSync(path) ? parseRouteFile(path) : undefined;
}

/** Parses a route file of either shape into its points. */
function parseRouteFile(path: string): RoutePoint[] {
  const parsed = routeFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (parsed.type === 'Feature') return parsed.geometry.coordinates;
  const lines = parsed.features[0]!.geometry.coordinates;
  if (lines.length !== 1)
    throw new RouteFileError(path, `a route must be a single line, received ${lines.length} lines`);
  return lines[0]!;
}

const prepared = new Map<string, PreparedRoute>();

/** Returns a stage route prepared once per test file (the cache lives in this module). */
export function preparedStage(tourId: string, stage: number): PreparedRoute {
  const key = `${tourId}/${stage}`;
  let route = prepared.get(key);
  if (route === undefined) {
    route = prepareRoute(loadRoutePoints(tourId, stage));
    prepared.set(key, route);
  }
  return route;
}

/** The nearest point of the whole route to a position, by cheap-ruler's own full scan (a reference). */
export interface ReferenceMatch {
  /** Distance along the route in metres. */
  readonly distanceMeters: number;
  /** Distance from the position to the route in metres. */
  readonly offRouteMeters: number;
}

/** Returns the nearest point of the route by `ruler.pointOnLine` over every vertex: the naive matcher. */
export function referenceMatch(
  route: PreparedRoute,
  line: readonly [number, number][],
  fix: GeoPosition,
): ReferenceMatch {
  const { point, index, t } = route.ruler.pointOnLine(line, [fix.lon, fix.lat]);
  const d0 = route.distanceMeters[index]!;
  return {
    distanceMeters: d0 + t * (route.distanceMeters[index + 1]! - d0),
    offRouteMeters: route.ruler.distance(point, [fix.lon, fix.lat]),
  };
}

/** Returns the route's [lon, lat] line for cheap-ruler's line functions. */
export function lonLatLine(route: PreparedRoute): [number, number][] {
  return Array.from(route.lon, (lon, i) => [lon, route.lat[i]!]);
}
