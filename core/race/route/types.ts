import type CheapRuler from 'cheap-ruler';
import type Flatbush from 'flatbush';

/** One vertex of a stage route: longitude and latitude in WGS84 degrees, elevation in metres. */
export type RoutePoint = readonly [lonDeg: number, latDeg: number, eleMeters: number];

/** A WGS84 position in degrees. */
export interface GeoPosition {
  /** Longitude in degrees. */
  readonly lon: number;
  /** Latitude in degrees. */
  readonly lat: number;
}

/** Smoothed altitude (metres) and road gradient (percent) at one distance along a route. */
export interface ProfileSample {
  /** Smoothed altitude in metres. */
  readonly altitudeMeters: number;
  /** Smoothed gradient in percent (positive uphill in the direction of the race). */
  readonly gradientPercent: number;
}

/** Options for `prepareRoute`; the defaults suit Tour de France road stages. */
export interface PrepareRouteOptions {
  /** Target spacing of the altitude/gradient grid in metres. @default 100 - the resolution of a roadside gradient sign */
  readonly profileStepMeters?: number;
  /**
   * Segments per bounding-box block of the windowed matcher (a power of two).
   * @default 8 - fastest, or within 15 % of it, on the simplified tour routes (37–76 m segments) and on the raw ones (12–20 m), for 1 Hz and stale last distances
   */
  readonly blockSegments?: number;
}

/**
 * A stage route prepared once per stage for fast matching and profile lookups (DESIGN §4).
 * Plain data: typed arrays indexed by vertex (length `vertexCount`), segment (`vertexCount - 1`),
 * block or profile node. Segment i joins vertex i to vertex i + 1.
 */
export interface PreparedRoute {
  /** Number of vertices (at least 2). */
  readonly vertexCount: number;
  /** Total length along the route in metres. */
  readonly lengthMeters: number;
  /** Vertex longitudes in degrees. */
  readonly lon: Float64Array;
  /** Vertex latitudes in degrees. */
  readonly lat: Float64Array;
  /** Vertex elevations as given, in metres. */
  readonly eleMeters: Float64Array;
  /** Cumulative distance from the start to each vertex, in metres. */
  readonly distanceMeters: Float64Array;
  /** Local planar east coordinate of each vertex in metres: `(lon - originLon) * kx`. */
  readonly xMeters: Float64Array;
  /** Local planar north coordinate of each vertex in metres: `(lat - originLat) * ky`. */
  readonly yMeters: Float64Array;
  /** Per segment, 1 / squared planar length in 1/m² (0 for a zero-length segment). */
  readonly segmentInvLengthSq: Float64Array;
  /** Longitude of the planar origin (the first vertex), in degrees. */
  readonly originLon: number;
  /** Latitude of the planar origin (the first vertex), in degrees. */
  readonly originLat: number;
  /** Metres per degree of longitude, from the ruler at the mean latitude. */
  readonly kx: number;
  /** Metres per degree of latitude, from the ruler at the mean latitude. */
  readonly ky: number;
  /** The cheap-ruler (metres) at the route's mean latitude that measured every distance. */
  readonly ruler: CheapRuler;
  /** Segments per block (a power of two). */
  readonly blockSegments: number;
  /** log2(blockSegments), to find a segment's block with a shift. */
  readonly blockShift: number;
  /** Per block, its planar bounding box in metres: minX, minY, maxX, maxY (4 values per block). */
  readonly blockBoxes: Float64Array;
  /** Spatial index of segment bounding boxes in planar metres (item i = segment i). */
  readonly index: Flatbush;
  /** Spacing of the profile grid in metres (the length divided into equal intervals of about the target step). */
  readonly profileStepMeters: number;
  /** Smoothed altitude at each profile node (node k at k * profileStepMeters), in metres. */
  readonly profileAltitudeMeters: Float64Array;
  /** Gradient of each profile interval (node k to k + 1), in percent. */
  readonly profileGradientPercent: Float64Array;
  /** Lowest smoothed altitude in metres. */
  readonly minAltitudeMeters: number;
  /** Highest smoothed altitude in metres. */
  readonly maxAltitudeMeters: number;
  /** Sum of the smoothed altitude gains, in metres. */
  readonly climbingMeters: number;
}

/** Options for `matchToRoute`; every field has a default suited to tracking riders. */
export interface MatchOptions {
  /** A fix further than this from its matched point is off route (DESIGN §4). @default 60 */
  readonly offRouteMeters?: number;
  /**
   * Time since the fix that gave the last distance, in ms. With it the window ahead shrinks to
   * `maxSpeedMetersPerSecond` × elapsed + 100 m, so that a copy of the road further on (the other
   * carriageway, the next lap) cannot be reached in one step. Pass it when tracking: without it,
   * 1 Hz fixes on the Champs-Élysées (carriageways 10–15 m apart) stay on their own side only while
   * GPS noise stays under about 5 m. @default undefined - no narrowing
   */
  readonly elapsedMs?: number;
  /** Fastest plausible progress along the route, for `elapsedMs`. @default 35 - a descending rider or a race motorbike (126 km/h) */
  readonly maxSpeedMetersPerSecond?: number;
  /**
   * How far behind the last distance the window reaches, in metres.
   * @default 1000 - riders do not ride backwards; this absorbs GPS noise and a last match made ahead
   */
  readonly behindMeters?: number;
  /**
   * How far ahead of the last distance the window reaches at most, in metres (see `elapsedMs`).
   * @default 5000 - a last distance may be a couple of km stale; the 6.7 km Paris lap stays outside
   */
  readonly aheadMeters?: number;
  /**
   * Score, in metres of off-route distance, of a jump to the far end of the window ahead (pro rata
   * in between): among near-equal passages the nearest ahead wins, but geometry decides otherwise.
   * @default 10 - about the GPS error; with a 1 s window (135 m) a hairpin's next leg 100 m on costs 7 m
   */
  readonly aheadJumpCostMeters?: number;
  /**
   * Score, in metres of off-route distance, of each metre of jump ahead of the last distance; replaces
   * `aheadJumpCostMeters` when the last distance is a prediction as likely to be short as long.
   */
  readonly aheadJumpCostPerMeter?: number;
  /**
   * Score, in metres of off-route distance, of each metre of jump behind the last distance.
   * @default 0.1 - riders do not ride backwards (the other carriageway 600 m back costs 60 m), yet a
   * match that jumped ahead to the wrong leg of a hairpin comes back at the next fix (100 m costs 10 m)
   */
  readonly behindJumpCost?: number;
  /**
   * Passages whose distance to the fix is within this of the nearest count as ambiguous (cold and
   * fallback matches). @default 20 - twice the worst GPS error we expect (10 m)
   */
  readonly passageToleranceMeters?: number;
}

/** Where a match came from: the window near the last distance, a global fallback from it, or a cold match. */
export type MatchSource = 'window' | 'global' | 'cold';

/** How ambiguous a global match is: the distinct passages of the route near the fix. */
export interface MatchAmbiguity {
  /** Distinct passages (laps, out-and-back legs) within `passageToleranceMeters` of the nearest (≥ 1). */
  readonly passages: number;
  /** Distance along the route of the runner-up passage's nearest point in metres, if there is one. */
  readonly runnerUpDistanceMeters: number | undefined;
  /** Distance from the fix to the runner-up passage in metres, if there is one. */
  readonly runnerUpOffRouteMeters: number | undefined;
}

/** A fix matched to a route: progress, off-route distance, profile and snapped position. */
export interface RouteMatch {
  /** Distance done along the route in metres, within [0, lengthMeters]. */
  readonly distanceMeters: number;
  /** Distance to go to the finish line in metres (lengthMeters - distanceMeters). */
  readonly distanceToGoMeters: number;
  /** Distance from the fix to the matched point in metres. */
  readonly offRouteMeters: number;
  /** True when `offRouteMeters` exceeds the `offRouteMeters` option. */
  readonly isOffRoute: boolean;
  /** Smoothed altitude at the matched point in metres. */
  readonly altitudeMeters: number;
  /** Smoothed gradient at the matched point in percent. */
  readonly gradientPercent: number;
  /** Longitude of the matched (snapped) point in degrees. */
  readonly lon: number;
  /** Latitude of the matched (snapped) point in degrees. */
  readonly lat: number;
  /** Index of the matched segment (vertex i to i + 1). */
  readonly segmentIndex: number;
  /** Which search produced the match. */
  readonly source: MatchSource;
  /** Passages near the fix, for `global` and `cold` matches; undefined for `window` matches. */
  readonly ambiguity: MatchAmbiguity | undefined;
}
