/**
 * Route matching throughput: windowed (1 Hz tracking and a 1.5 km stale last distance), cold, and
 * two naive full scans. Run: npm run bench -- route-match. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import { matchToRoute, pointAtDistance, prepareRoute, type GeoPosition, type PreparedRoute } from '../core/race/index';
import { loadRawRoutePoints, lonLatLine, preparedStage, referenceMatch } from './route-input/stage-routes';

const SEED = 42;
const STEP_METERS = 12; // one fix per second at 43 km/h
const NOISE_METERS = 5; // per axis, uniform: a consumer GNSS receiver in open sky
const STALE_METERS = 1500;

/** mulberry32: a tiny seeded PRNG, so that every run matches the same fixes. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Fixes {
  readonly points: GeoPosition[];
  readonly truth: Float64Array;
}

/** Samples the route every STEP_METERS and adds seeded noise of up to NOISE_METERS per axis. */
function sampleFixes(route: PreparedRoute, seed: number): Fixes {
  const random = mulberry32(seed);
  const points: GeoPosition[] = [];
  const truth: number[] = [];
  for (let d = 0; d <= route.lengthMeters; d += STEP_METERS) {
    const p = pointAtDistance(route, d);
    const [lon, lat] = route.ruler.offset(
      [p.lon, p.lat],
      (random() * 2 - 1) * NOISE_METERS,
      (random() * 2 - 1) * NOISE_METERS,
    );
    points.push({ lon, lat });
    truth.push(d);
  }
  return { points, truth: Float64Array.from(truth) };
}

/** The naive matcher a typed-array implementation would start with: every segment, no window, no index. */
function fullScanMeters(route: PreparedRoute, fix: GeoPosition): number {
  const px = (fix.lon - route.originLon) * route.kx;
  const py = (fix.lat - route.originLat) * route.ky;
  const { xMeters: xs, yMeters: ys, segmentInvLengthSq: inv, distanceMeters: cumulative } = route;
  let best = Infinity;
  let along = 0;
  for (let i = 0; i < route.vertexCount - 1; i++) {
    const dx = xs[i + 1]! - xs[i]!;
    const dy = ys[i + 1]! - ys[i]!;
    const t = Math.min(Math.max(((px - xs[i]!) * dx + (py - ys[i]!) * dy) * inv[i]!, 0), 1);
    const ex = xs[i]! + t * dx - px;
    const ey = ys[i]! + t * dy - py;
    const d2 = ex * ex + ey * ey;
    if (d2 < best) {
      best = d2;
      along = cumulative[i]! + t * (cumulative[i + 1]! - cumulative[i]!);
    }
  }
  return along;
}

let checksum = 0;

/** Returns matches per second: the median of 5 timed passes of ≥ 250 ms over `count` fixes, after a warm-up. */
function rate(count: number, match: (k: number) => number): number {
  for (let k = 0; k < Math.min(count, 20_000); k++) checksum += match(k);
  const rates: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    let done = 0;
    const t0 = performance.now();
    do {
      for (let k = 0; k < count; k++) checksum += match(k);
      done += count;
    } while (performance.now() - t0 < 250);
    rates.push(done / ((performance.now() - t0) / 1000));
  }
  return rates.sort((a, b) => a - b)[2]!;
}

const fmt = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;

const rawStage6 = loadRawRoutePoints('tdf2022', 6);
const cases: [string, number, PreparedRoute][] = [
  ['stage 6', 6, preparedStage('tdf2022', 6)],
  ['stage 21', 21, preparedStage('tdf2022', 21)],
  ...(rawStage6 === undefined
    ? []
    : [['stage 6 raw, unsimplified', 6, prepareRoute(rawStage6)] as [string, number, PreparedRoute]]),
];
for (const [label, stage, route] of cases) {
  const line = lonLatLine(route);
  const { points, truth } = sampleFixes(route, SEED + stage);
  const n = points.length;
  let last = 0;
  const oneSecond = { elapsedMs: 1000 };
  const tracking = rate(n, (k) => {
    if (k === 0) last = 0;
    last = matchToRoute(route, points[k]!, last, oneSecond).distanceMeters;
    return last;
  });
  const trackingBlind = rate(n, (k) => {
    if (k === 0) last = 0;
    last = matchToRoute(route, points[k]!, last).distanceMeters;
    return last;
  });
  const stale = rate(n, (k) => matchToRoute(route, points[k]!, Math.max(0, truth[k]! - STALE_METERS)).distanceMeters);
  const cold = rate(n, (k) => matchToRoute(route, points[k]!, undefined).distanceMeters);
  const sample = Math.min(n, 3000);
  const planarScan = rate(sample, (k) => fullScanMeters(route, points[(k * 7) % n]!));
  const rulerScan = rate(sample, (k) => referenceMatch(route, line, points[(k * 7) % n]!).distanceMeters);
  let worst = 0;
  last = 0;
  for (let k = 0; k < n; k++) {
    last = matchToRoute(route, points[k]!, last, oneSecond).distanceMeters;
    worst = Math.max(worst, Math.abs(last - truth[k]!));
  }
  console.log(
    `${label}: ${(route.lengthMeters / 1000).toFixed(1)} km, ${route.vertexCount} vertices, ${n} fixes (every ${STEP_METERS} m, ±${NOISE_METERS} m noise)`,
  );
  console.log(`  windowed, 1 Hz, elapsedMs    ${fmt(tracking).padStart(11)}  (worst error ${worst.toFixed(1)} m)`);
  console.log(`  windowed, 1 Hz, no elapsedMs ${fmt(trackingBlind).padStart(11)}`);
  console.log(`  windowed, last ${STALE_METERS} m stale ${fmt(stale).padStart(11)}`);
  console.log(`  cold (flatbush)              ${fmt(cold).padStart(11)}`);
  console.log(
    `  full scan, planar arrays     ${fmt(planarScan).padStart(11)}  windowed is ${(tracking / planarScan).toFixed(0)}x faster, cold ${(cold / planarScan).toFixed(1)}x`,
  );
  console.log(
    `  full scan, ruler.pointOnLine ${fmt(rulerScan).padStart(11)}  windowed is ${(tracking / rulerScan).toFixed(0)}x faster, cold ${(cold / rulerScan).toFixed(1)}x`,
  );
}
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, seed ${SEED}, checksum ${checksum.toFixed(0)}`,
);
