import CheapRuler from 'cheap-ruler';
import { describe, expect, it } from 'vitest';
import { matchToRoute, prepareRoute } from '../../../../core/race';
import {
  feedKmAt,
  routeFromTracks,
  TrackRouteError,
  type TrackPoint,
} from '../../../../analysis/feed/route-from-tracks';

/** A known road: 3 km east, a bend, 2 km north-east, 1.5 km north (lon, lat). */
const ROAD: [number, number][] = [
  [5.0, 45.0],
  [5.038, 45.0],
  [5.055, 45.012],
  [5.056, 45.03],
];
const ruler = new CheapRuler(45.01, 'meters');
const roadLength = ruler.lineDistance(ROAD);
/** The feed counts km on its own scale and from its own origin (the real 2017 feed runs ~8 % long). */
const FEED_SCALE = 1.08;
const FEED_START_KM = 83.5;

/** Deterministic noise in [-1, 1) (no Math.random: the test must give the same result every run). */
const noise = (i: number): number => {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
};

/** Six riders' positions along ROAD every 37 m, with up to `gpsMeters` of noise each way, and the feed's km. */
function tracks(gpsMeters: number): TrackPoint[] {
  const points: TrackPoint[] = [];
  for (let i = 0; (i / 6) * 37 < roadLength; i++) {
    const along = Math.floor(i / 6) * 37 + (i % 6) * 6;
    const [lon, lat] = ruler.along(ROAD, along);
    const [east, north] = [noise(2 * i) * gpsMeters, noise(2 * i + 1) * gpsMeters];
    points.push({
      lon: lon + east / ruler.kx,
      lat: lat + north / ruler.ky,
      distanceKm: FEED_START_KM + (along * FEED_SCALE) / 1_000,
    });
  }
  return points;
}

describe('routeFromTracks', () => {
  it('recovers a known road within 12 m (mean under 4 m) from positions with 10 m of GPS noise', () => {
    const route = routeFromTracks(tracks(10));

    const offsets = route.points.map(([lon, lat]) =>
      ruler.distance([lon, lat], ruler.pointOnLine(ROAD, [lon, lat]).point),
    );
    expect(route.points.length).toBeGreaterThan(100);
    expect(Math.max(...offsets)).toBeLessThan(12);
    expect(offsets.reduce((a, b) => a + b, 0) / offsets.length).toBeLessThan(4);
  });

  it('maps engine distance on the rebuilt route back to the feed km within 15 m', () => {
    const route = routeFromTracks(tracks(10));
    const prepared = prepareRoute(route.points);

    const errors = [300, 2_000, 3_100, 4_500, 6_000].map((along) => {
      const [lon, lat] = ruler.along(ROAD, along);
      const match = matchToRoute(prepared, { lon, lat }, undefined);
      const km = feedKmAt(route, prepared.distanceMeters, match.distanceMeters);
      return Math.abs(km - (FEED_START_KM + (along * FEED_SCALE) / 1_000)) * 1_000;
    });
    expect(Math.max(...errors)).toBeLessThan(15);
  });

  it('keeps the feed km non-decreasing along the vertices', () => {
    const route = routeFromTracks(tracks(25));

    const steps = route.feedKm.slice(1).map((km, i) => km - route.feedKm[i]!);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    expect(route.feedKm[0]).toBeCloseTo(FEED_START_KM, 1);
  });

  it('ignores one position in nine being 2 km off (the median), staying within 12 m of the road', () => {
    const withOutlier = tracks(5).map((p, i) => (i % 9 === 4 ? { ...p, lat: p.lat + 2_000 / ruler.ky } : p));

    const route = routeFromTracks(withOutlier);

    const offsets = route.points.map(([lon, lat]) =>
      ruler.distance([lon, lat], ruler.pointOnLine(ROAD, [lon, lat]).point),
    );
    expect(Math.max(...offsets)).toBeLessThan(12);
  });

  it('refuses to build a route from too few positions', () => {
    expect(() => routeFromTracks(tracks(5).slice(0, 2))).toThrow(TrackRouteError);
  });
});

describe('feedKmAt', () => {
  it('interpolates between vertices and extrapolates 1:1 past the ends', () => {
    const route = { points: [], feedKm: [10, 11, 13] };
    const vertexMeters = [0, 500, 1_500];

    expect(feedKmAt(route, vertexMeters, 250)).toBeCloseTo(10.5, 9);
    expect(feedKmAt(route, vertexMeters, 1_000)).toBeCloseTo(12, 9);
    expect(feedKmAt(route, vertexMeters, 1_600)).toBeCloseTo(13.1, 9);
    expect(feedKmAt(route, vertexMeters, -100)).toBeCloseTo(9.9, 9);
  });
});
