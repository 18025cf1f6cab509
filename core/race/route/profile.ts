import { RouteInputError } from './errors';
import type { PreparedRoute, ProfileSample } from './types';

/** The smoothed altitude/gradient grid of a route, before it is folded into `PreparedRoute`. */
export interface RouteProfile {
  /** Spacing of the grid in metres. */
  readonly stepMeters: number;
  /** Smoothed altitude at each node in metres. */
  readonly altitudeMeters: Float64Array;
  /** Gradient of each interval between nodes, in percent. */
  readonly gradientPercent: Float64Array;
  /** Lowest smoothed altitude in metres. */
  readonly minAltitudeMeters: number;
  /** Highest smoothed altitude in metres. */
  readonly maxAltitudeMeters: number;
  /** Sum of the smoothed altitude gains in metres. */
  readonly climbingMeters: number;
}

/** Passes of the [1, 2, 1] / 4 binomial filter applied after the cell average (see `buildProfile`). */
const BINOMIAL_PASSES = 1;

/**
 * Builds the smoothed altitude and gradient grid of a route from its vertex elevations (metres).
 *
 * Why this smoothing: the elevations are whole metres sampled from a terrain model every 8–21 m,
 * so a raw vertex-to-vertex gradient swings by ±10 % from rounding alone. Each node first takes
 * the exact mean of the piecewise-linear elevation over its own cell (±step/2): that works for any
 * vertex spacing (also after the route is simplified) and a 1 m rounding error then costs about
 * 1 % of gradient, not 10 %. One [1, 2, 1] / 4 pass then removes the step-to-step jitter that is
 * left (stage 12: 3.0 → 1.9 % RMS change from one step to the next); the effective kernel (σ ≈ 76 m for 100 m steps) keeps a 300 m ramp and the altitude of
 * a summit finish within a few metres, while the gradient integrates exactly back to the altitude
 * (each interval's gradient is the slope between its two nodes).
 */
export function buildProfile(
  distanceMeters: Float64Array,
  eleMeters: Float64Array,
  lengthMeters: number,
  targetStepMeters: number,
): RouteProfile {
  const intervals = Math.max(1, Math.round(lengthMeters / targetStepMeters));
  const step = lengthMeters / intervals;
  const nodes = intervals + 1;
  const integral = cumulativeIntegral(distanceMeters, eleMeters);
  const boundaries = new Float64Array(nodes + 1);
  for (let k = 0; k <= nodes; k++) boundaries[k] = Math.min(lengthMeters, Math.max(0, (k - 0.5) * step));
  const atBoundaries = integralAt(distanceMeters, eleMeters, integral, boundaries);
  let altitude: Float64Array = new Float64Array(nodes);
  for (let k = 0; k < nodes; k++) {
    const a = boundaries[k]!;
    const b = boundaries[k + 1]!;
    altitude[k] = (atBoundaries[k + 1]! - atBoundaries[k]!) / (b - a);
  }
  for (let pass = 0; pass < BINOMIAL_PASSES; pass++) altitude = binomialPass(altitude);
  const gradient = new Float64Array(intervals);
  let min = Infinity;
  let max = -Infinity;
  let climbing = 0;
  for (let k = 0; k < nodes; k++) {
    const h = altitude[k]!;
    if (h < min) min = h;
    if (h > max) max = h;
    if (k === intervals) break;
    const rise = altitude[k + 1]! - h;
    gradient[k] = (rise / step) * 100;
    if (rise > 0) climbing += rise;
  }
  return {
    stepMeters: step,
    altitudeMeters: altitude,
    gradientPercent: gradient,
    minAltitudeMeters: min,
    maxAltitudeMeters: max,
    climbingMeters: climbing,
  };
}

/** Returns the integral of elevation over distance (m·m) from the start to each vertex (trapezoids). */
function cumulativeIntegral(distanceMeters: Float64Array, eleMeters: Float64Array): Float64Array {
  const out = new Float64Array(distanceMeters.length);
  for (let i = 1; i < out.length; i++) {
    const len = distanceMeters[i]! - distanceMeters[i - 1]!;
    out[i] = out[i - 1]! + (len * (eleMeters[i]! + eleMeters[i - 1]!)) / 2;
  }
  return out;
}

/** Evaluates the elevation integral at increasing distances with one forward sweep over the vertices. */
function integralAt(
  distanceMeters: Float64Array,
  eleMeters: Float64Array,
  integral: Float64Array,
  at: Float64Array,
): Float64Array {
  const out = new Float64Array(at.length);
  const last = distanceMeters.length - 1;
  let j = 0;
  for (let k = 0; k < at.length; k++) {
    const x = at[k]!;
    while (j < last - 1 && distanceMeters[j + 1]! <= x) j++;
    const d0 = distanceMeters[j]!;
    const len = distanceMeters[j + 1]! - d0;
    const u = x - d0;
    const e0 = eleMeters[j]!;
    const ex = len > 0 ? e0 + ((eleMeters[j + 1]! - e0) * u) / len : e0;
    out[k] = integral[j]! + (u * (e0 + ex)) / 2;
  }
  return out;
}

/** Applies one [1, 2, 1] / 4 pass; the end nodes use the truncated, renormalised kernel [2, 1] / 3. */
function binomialPass(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 3) return values;
  const out = new Float64Array(n);
  out[0] = (2 * values[0]! + values[1]!) / 3;
  for (let k = 1; k < n - 1; k++) out[k] = (values[k - 1]! + 2 * values[k]! + values[k + 1]!) / 4;
  out[n - 1] = (values[n - 2]! + 2 * values[n - 1]!) / 3;
  return out;
}

/**
 * Returns the smoothed altitude (metres, linear between grid nodes) and gradient (percent, that
 * interval's slope) at a distance along the route in metres, clamped to [0, lengthMeters].
 */
export function profileAtDistance(route: PreparedRoute, distanceMeters: number): ProfileSample {
  if (!Number.isFinite(distanceMeters)) {
    throw new RouteInputError(`distanceMeters must be a finite number, received ${distanceMeters}`);
  }
  return { altitudeMeters: altitudeAt(route, distanceMeters), gradientPercent: gradientAt(route, distanceMeters) };
}

/** Returns the smoothed altitude in metres at a finite distance in metres (clamped to the route). */
export function altitudeAt(route: PreparedRoute, distanceMeters: number): number {
  const altitude = route.profileAltitudeMeters;
  const intervals = route.profileGradientPercent.length;
  const position = Math.min(Math.max(distanceMeters / route.profileStepMeters, 0), intervals);
  const k = Math.min(Math.floor(position), intervals - 1);
  const h0 = altitude[k]!;
  return h0 + (altitude[k + 1]! - h0) * (position - k);
}

/** Returns the gradient in percent at a finite distance in metres (clamped to the route). */
export function gradientAt(route: PreparedRoute, distanceMeters: number): number {
  const intervals = route.profileGradientPercent.length;
  const k = Math.min(Math.max(Math.floor(distanceMeters / route.profileStepMeters), 0), intervals - 1);
  return route.profileGradientPercent[k]!;
}
