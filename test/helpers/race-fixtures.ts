import {
  buildDeviceDirectory,
  pointAtDistance,
  prepareRoute,
  type DeviceAssignment,
  type DeviceDirectory,
  type PreparedRoute,
  type RaceFix,
  type RoutePoint,
} from '../../core/race/index';

/** Start of every hand-built race, epoch ms (2022-07-03 12:00 UTC). */
export const START_MS = Date.UTC(2022, 6, 3, 12, 0, 0);

/** Metres per degree of longitude at 45° N, where the hand-built routes run. */
const METERS_PER_DEGREE_EAST = 111_320 * Math.cos((45 * Math.PI) / 180);

/** A point `eastMeters` east of 5° E and `northMeters` north of 45° N, at 100 m. */
const pointAt = (eastMeters: number, northMeters = 0): RoutePoint => [
  5 + eastMeters / METERS_PER_DEGREE_EAST,
  45 + northMeters / 111_320,
  100,
];

/** A straight route due east at 45° N, `lengthMeters` long, with a vertex every 50 m. */
export function straightRoute(lengthMeters = 20_000): PreparedRoute {
  const points: RoutePoint[] = [];
  for (let d = 0; d <= lengthMeters; d += 50) points.push(pointAt(d));
  return prepareRoute(points);
}

/**
 * Out `legMeters` east at 45° N, a turn `apartMeters` north, and back west beside the way out: two carriageways of
 * one boulevard, as on the Champs-Élysées circuit. A vertex every 50 m.
 */
export function outAndBackRoute(legMeters: number, apartMeters: number): PreparedRoute {
  const points: RoutePoint[] = [];
  for (let d = 0; d <= legMeters; d += 50) points.push(pointAt(d));
  for (let d = legMeters; d >= 0; d -= 50) points.push(pointAt(d, apartMeters));
  return prepareRoute(points);
}

/** Device id of a rider's bike: bike 0 is the race bike, 1 the spare. */
export function riderDevice(bib: number, bike = 0): string {
  return `TRK-${bib}-${bike === 0 ? 'A' : 'B'}`;
}

/** Every rider of `bibs` owns two devices (race bike and spare); `CAR-1` is a team car. */
export function raceDirectory(bibs: readonly number[]): DeviceDirectory {
  const assignments: DeviceAssignment[] = bibs.flatMap((bib) =>
    [0, 1].map((bike) => ({
      device: riderDevice(bib, bike),
      owner: { kind: 'rider' as const, bib },
      validFromMs: START_MS - 3_600_000,
      validToMs: null,
    })),
  );
  assignments.push({ device: 'CAR-1', owner: { kind: 'vehicle', id: 'CAR-1' }, validFromMs: 0, validToMs: null });
  return buildDeviceDirectory(assignments);
}

/** What a hand-built fix needs: where along the route, when, and optionally a sideways offset. */
export interface FixSpec {
  readonly device: string;
  readonly seq: number;
  /** Fix time in seconds after START_MS. */
  readonly second: number;
  readonly distanceMeters: number;
  /** Metres north of the route (the straight route runs east). @default 0 */
  readonly northMeters?: number;
}

/** A fix at a distance along `route` (with an optional offset north), at START_MS + second. */
export function fixAt(route: PreparedRoute, spec: FixSpec): RaceFix {
  const p = pointAtDistance(route, spec.distanceMeters);
  const [lon, lat] = route.ruler.offset([p.lon, p.lat], 0, spec.northMeters ?? 0);
  return { device: spec.device, seq: spec.seq, t: START_MS + spec.second * 1_000, lat, lon };
}

/** 1 Hz fixes of one device riding at a constant speed from `fromMeters`, seconds [fromSecond, toSecond]. */
export function ride(
  route: PreparedRoute,
  device: string,
  fromSecond: number,
  toSecond: number,
  fromMeters: number,
  speedMetersPerSecond: number,
): RaceFix[] {
  const fixes: RaceFix[] = [];
  for (let s = fromSecond; s <= toSecond; s++) {
    const distanceMeters = fromMeters + (s - fromSecond) * speedMetersPerSecond;
    fixes.push(fixAt(route, { device, seq: s, second: s, distanceMeters }));
  }
  return fixes;
}
