/**
 * Route build time per stage (prepareRoute: distances, projection, profile, blocks, flatbush).
 * Run: npm run bench -- route-build. Prints figures, asserts nothing (STYLE.md 2.6).
 */
import os from 'node:os';
import { prepareRoute, type RoutePoint } from '../core/race/index';
import { loadRawRoutePoints, loadRoutePoints } from './route-input/stage-routes';

const STAGES = Array.from({ length: 21 }, (_, k) => k + 1);
const RUNS = 15;
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
let checksum = 0;

/** Times RUNS builds of each stage after a warm-up and prints the per-stage median's p50 and max. */
function report(label: string, routes: readonly RoutePoint[][]): void {
  for (const points of routes) for (let k = 0; k < 3; k++) checksum += prepareRoute(points).lengthMeters;
  const medians = routes.map((points) => {
    const times: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      checksum += prepareRoute(points).climbingMeters;
      times.push(performance.now() - t0);
    }
    return quantile(
      times.sort((a, b) => a - b),
      0.5,
    );
  });
  const sorted = [...medians].sort((a, b) => a - b);
  const vertices = routes.map((r) => r.length);
  const slowest = medians.indexOf(sorted.at(-1)!);
  console.log(
    `route-build ${label}: ${routes.length} stages, ${Math.min(...vertices)}–${Math.max(...vertices)} vertices; ` +
      `ms per stage p50 ${quantile(sorted, 0.5).toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)} (stage ${slowest + 1}, ${vertices[slowest]} vertices)`,
  );
}

report(
  'tour routes (config/tours/tdf2022)',
  STAGES.map((stage) => loadRoutePoints('tdf2022', stage)),
);
const raw = STAGES.map((stage) => loadRawRoutePoints('tdf2022', stage));
if (raw.every((points) => points !== undefined)) report('raw routes (../shared/data, unsimplified)', raw);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${RUNS} runs per stage, checksum ${checksum.toFixed(0)}`,
);
