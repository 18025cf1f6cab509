/**
 * Cycling physics: the power a rider needs to hold a speed, and how speed answers to power.
 * Forces: gravity on the gradient, rolling resistance, air drag (lower when drafting), inertia.
 * @see https://www.gribble.org/cycling/power_v_speed.html (the standard model used here)
 */

/** Standard gravity, m/s². */
export const GRAVITY_MS2 = 9.81;

/** Air density at ~500 m altitude and 20 °C, kg/m³. */
export const AIR_DENSITY_KGM3 = 1.2;

/** Share of the rider's power that reaches the rear wheel. */
export const DRIVETRAIN_EFFICIENCY = 0.975;

/** Fastest a rider descends, m/s (~80 km/h): braking for bends is not modelled, this cap stands in for it. */
export const MAX_SPEED_MS = 22;

/** Slowest a moving rider goes, m/s; keeps power/speed finite when a rider sets off. */
export const MIN_MOVING_SPEED_MS = 1;

/** Hardest acceleration, m/s² (a sprinter's jump; also limits the restart after a stop). */
export const MAX_ACCELERATION_MS2 = 1.5;

/** Share of air drag a sheltered rider saves inside a group (wheel-sucking, well inside a peloton). */
export const SHELTERED_DRAG_SAVING = 0.45;

/** Share of air drag a rotating group saves on average: the rider on the front saves nothing. */
export const ROTATING_DRAG_SAVING = 0.4;

/** What the physics needs to know about a rider and bike. */
export interface Body {
  /** Rider plus bike, kg. */
  readonly massKg: number;
  /** Drag area (drag coefficient x frontal area), m². */
  readonly cdaM2: number;
  /** Rolling resistance coefficient. */
  readonly crr: number;
}

/** Forces against the rider at this speed, N. `dragFactor` scales air drag (1 alone, < 1 drafting). */
export function resistanceNewtons(body: Body, speedMs: number, gradientPercent: number, dragFactor = 1): number {
  const slope = Math.atan(gradientPercent / 100);
  const weight = body.massKg * GRAVITY_MS2;
  const gravity = weight * Math.sin(slope);
  const rolling = weight * Math.cos(slope) * body.crr;
  const air = 0.5 * AIR_DENSITY_KGM3 * body.cdaM2 * dragFactor * speedMs * speedMs;
  return gravity + rolling + air;
}

/** Power at the pedals to hold a steady speed, W (0 when gravity alone keeps the rider going). */
export function powerForSpeedWatts(body: Body, speedMs: number, gradientPercent: number, dragFactor = 1): number {
  return Math.max(0, (resistanceNewtons(body, speedMs, gradientPercent, dragFactor) * speedMs) / DRIVETRAIN_EFFICIENCY);
}

/** Steady speed for a constant power, m/s, capped at `MAX_SPEED_MS` (bisection: the power curve is monotonic). */
export function steadySpeedMs(body: Body, powerWatts: number, gradientPercent: number, dragFactor = 1): number {
  let low = 0;
  let high = MAX_SPEED_MS;
  if (powerForSpeedWatts(body, high, gradientPercent, dragFactor) <= powerWatts) return MAX_SPEED_MS;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (powerForSpeedWatts(body, mid, gradientPercent, dragFactor) < powerWatts) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Speed one time step later under constant power (explicit Euler on m dv/dt = P/v - F).
 * One-second steps are stable here: the speed's time constant is ~10 s or more.
 */
export function nextSpeedMs(
  body: Body,
  speedMs: number,
  powerWatts: number,
  gradientPercent: number,
  dragFactor: number,
  dtSeconds: number,
): number {
  const v = Math.max(speedMs, MIN_MOVING_SPEED_MS);
  const drive = (powerWatts * DRIVETRAIN_EFFICIENCY) / v;
  const accel = (drive - resistanceNewtons(body, v, gradientPercent, dragFactor)) / body.massKg;
  const limited = Math.min(accel, MAX_ACCELERATION_MS2);
  return Math.min(MAX_SPEED_MS, Math.max(MIN_MOVING_SPEED_MS, speedMs + limited * dtSeconds));
}

/** Air-drag factor of a rotating group of `size` riders: everyone takes turns on the front. */
export function groupDragFactor(size: number): number {
  return size <= 1 ? 1 : 1 - ROTATING_DRAG_SAVING * (1 - 1 / size);
}

/** Air-drag factor of a rider sitting in the wheels of a group of `size` riders. */
export function shelteredDragFactor(size: number): number {
  return size <= 1 ? 1 : 1 - SHELTERED_DRAG_SAVING;
}
