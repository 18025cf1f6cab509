import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TourTrackerError } from '../errors';

/** [longitude°, latitude°, elevation m], WGS84: the shape the race engine's route model takes. */
export type RouteFilePoint = [lonDeg: number, latDeg: number, eleMeters: number];

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-500).max(9000)]);

/** A stage route as shipped in config/tours/<id>/routes: one GeoJSON Feature with a LineString. */
const RouteFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) }),
});

/** A route file that cannot be used; names the file and the problem. */
export class RouteFileError extends TourTrackerError {
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`bad route file ${file}: ${problem}`, options);
    this.name = 'RouteFileError';
  }
}

/** Reads a route file and returns its points, start to finish. @throws RouteFileError */
export function readRouteFile(file: string): RouteFilePoint[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RouteFileError(file, 'not readable JSON', { cause: error });
  }
  const parsed = RouteFeature.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RouteFileError(file, `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data.geometry.coordinates;
}
