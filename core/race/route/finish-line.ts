import type { PreparedRoute } from './types';

/**
 * Distances at which the route passes its own finish line, in the finishing direction, before the end: the laps of a
 * finishing circuit (the Champs-Élysées), m. Passes the other way up the avenue are not laps, hence the direction test.
 */
export function finishLinePassages(route: PreparedRoute, withinMeters = 40, minSpacingMeters = 1_000): number[] {
  const last = route.vertexCount - 1;
  const x = route.xMeters;
  const y = route.yMeters;
  const fx = x[last] ?? 0;
  const fy = y[last] ?? 0;
  let k = last - 1;
  while (k > 0 && (x[k] ?? 0) === fx && (y[k] ?? 0) === fy) k--;
  const dirX = fx - (x[k] ?? 0);
  const dirY = fy - (y[k] ?? 0);
  const passages: number[] = [];
  let runBest = -1;
  let runDistance = Infinity;
  for (let i = 0; i < last; i++) {
    const x0 = x[i] ?? 0;
    const y0 = y[i] ?? 0;
    const dx = (x[i + 1] ?? 0) - x0;
    const dy = (y[i + 1] ?? 0) - y0;
    const lengthSq = dx * dx + dy * dy;
    // Segments are long on straight avenues: measure to the segment, not to its vertices.
    const u = lengthSq > 0 ? Math.min(1, Math.max(0, ((fx - x0) * dx + (fy - y0) * dy) / lengthSq)) : 0;
    const at = (route.distanceMeters[i] ?? 0) + u * Math.sqrt(lengthSq);
    if (at > route.lengthMeters - minSpacingMeters) break;
    const d = Math.hypot(x0 + u * dx - fx, y0 + u * dy - fy);
    if (d <= withinMeters && dx * dirX + dy * dirY > 0) {
      if (d < runDistance) {
        runBest = at;
        runDistance = d;
      }
    } else if (runBest >= 0 && d > withinMeters) {
      passages.push(runBest);
      runBest = -1;
      runDistance = Infinity;
    }
  }
  if (runBest >= 0) passages.push(runBest);
  return passages.filter((m, i) => i === 0 || m - (passages[i - 1] ?? 0) >= minSpacingMeters);
}
