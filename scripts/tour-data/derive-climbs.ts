import type { StageConfig } from '../../core/tour-config/schema';

type Climb = StageConfig['climbs'][number];

/** Profile sampling step, metres. */
const STEP_METERS = 100;
/** A climb ends when the road drops this much below its top, metres (or 10% of the climb's gain if larger). */
const DESCENT_TOLERANCE_METERS = 20;
/** Minimum average gradient of a categorised climb, percent. */
const MIN_GRADIENT_PERCENT = 3;
/** Score (length m × average gradient %) thresholds per category: Strava's published climb categories. */
const CATEGORY_SCORES: readonly [Climb['category'], number][] = [
  ['HC', 80_000],
  ['1', 64_000],
  ['2', 32_000],
  ['3', 16_000],
  ['4', 8_000],
];

/**
 * Categorised climbs derived from a stage's elevation profile: the source data has no road book, so the race's own
 * categories are unknown (SOURCES.md). Rule: split the profile into rises separated by descents of more than 20 m
 * (or 10% of the rise), trim a gentle lead-in (a first km under half the gradient of the rest), keep rises averaging at least 3%, and categorise them by length × gradient with Strava's
 * thresholds. Every climb is marked `estimated`.
 * @param lengthMeters the route's length
 * @param altitudeAt smoothed altitude at a distance along the route, metres
 */
export function deriveClimbs(lengthMeters: number, altitudeAt: (distanceMeters: number) => number): Climb[] {
  const n = Math.floor(lengthMeters / STEP_METERS) + 1;
  const alt = Array.from({ length: n }, (_, i) => altitudeAt(Math.min(i * STEP_METERS, lengthMeters)));
  const climbs: Climb[] = [];
  let i = 0;
  while (i < n - 1) {
    let start = i;
    let top = i;
    let j = i + 1;
    for (; j < n; j++) {
      if (top === start && alt[j]! <= alt[start]!) {
        start = j;
        top = j;
        continue;
      }
      if (alt[j]! > alt[top]!) top = j;
      const gain = alt[top]! - alt[start]!;
      if (alt[top]! - alt[j]! > Math.max(DESCENT_TOLERANCE_METERS, 0.1 * gain)) break;
    }
    const climb = categorise(trimmedStart(start, top, alt), top, alt);
    if (climb) climbs.push(climb);
    i = Math.max(top, start) + 1;
  }
  return climbs.map((c, k) => ({ ...c, name: `Climb ${k + 1} (km ${c.summitKm.toFixed(1)})` }));
}

/** Steps (100 m) of the lead-in tested when trimming a climb's start. */
const LEAD_IN_STEPS = 10;

/**
 * Moves a climb's start past a gentle lead-in (a valley road before the real climb): while the first kilometre
 * averages under half the gradient of the rest, the climb starts one step later.
 */
function trimmedStart(start: number, top: number, alt: readonly number[]): number {
  let s = start;
  while (top - s > 2 * LEAD_IN_STEPS) {
    const leadIn = (alt[s + LEAD_IN_STEPS]! - alt[s]!) / LEAD_IN_STEPS;
    const rest = (alt[top]! - alt[s + LEAD_IN_STEPS]!) / (top - s - LEAD_IN_STEPS);
    if (leadIn >= rest / 2) break;
    s++;
  }
  return s;
}

function categorise(start: number, top: number, alt: readonly number[]): Climb | null {
  const lengthMeters = (top - start) * STEP_METERS;
  if (lengthMeters <= 0) return null;
  const gradient = ((alt[top]! - alt[start]!) / lengthMeters) * 100;
  if (gradient < MIN_GRADIENT_PERCENT) return null;
  const score = lengthMeters * gradient;
  const category = CATEGORY_SCORES.find(([, min]) => score >= min)?.[0];
  if (!category) return null;
  return {
    name: '',
    category,
    summitKm: round1((top * STEP_METERS) / 1000),
    lengthKm: round1(lengthMeters / 1000),
    averageGradientPercent: round1(gradient),
    bonusSeconds: [],
    estimated: true,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
