import type { PreparedRoute } from './route/types';

/**
 * The live state of one stage as the per-fix engine keeps it: riders, their devices and the head-of-race passages.
 * Plain, JSON-friendly data (records keyed by bib or device id), so it can be stored, compared and replayed.
 * @see DESIGN.md §2 (processor), §3 (time gaps), §9 (riders own several devices)
 */

/** One GPS fix as the engine reads it; structurally the wire fix (`t` is the fix time, epoch ms). */
export interface RaceFix {
  readonly device: string;
  /** Per-device sequence number; restarts at 0 when a tracker reboots. */
  readonly seq: number;
  /** Fix time by the tracker's clock, epoch ms. */
  readonly t: number;
  /** Latitude in WGS84 degrees. */
  readonly lat: number;
  /** Longitude in WGS84 degrees. */
  readonly lon: number;
  /** Horizontal dilution of precision (1 = good sky view), when the tracker reports it. */
  readonly hdop?: number;
  /**
   * When the fix reached the relay by the relay's clock (the frame's `sentAt`), epoch ms. With it the engine
   * estimates each tracker's clock skew and corrects the fix time for live state; without it fix times are trusted.
   */
  readonly receivedMs?: number;
}

/** A point of a rider's progress: fix time (epoch ms) and distance done along the route (metres). */
export interface ProgressSample {
  readonly tMs: number;
  readonly distanceMeters: number;
}

/** What the engine remembers per device: de-duplication keys and its newest matched position. */
export interface DeviceTrack {
  readonly device: string;
  /** Time of the device's first fix this stage, epoch ms (a spare switched on mid-race starts late). */
  readonly firstTMs: number;
  /** Time of the device's newest fix, epoch ms; older fixes are history only. */
  readonly newestTMs: number;
  /** Distance along the route of the newest fix in metres, or undefined before any match. */
  readonly distanceMeters: number | undefined;
  /** Smallest `receivedMs - t` seen, ms: the tracker's clock offset plus the fastest delivery. */
  readonly minDelayMs: number | undefined;
  /** Fixes that contributed to `minDelayMs`. */
  readonly delaySamples: number;
  /** Sequence numbers of the most recent fixes (bounded: `DEDUP_WINDOW`), in arrival order. */
  readonly recentSeqs: readonly number[];
  /** Fix times of the same fixes as `recentSeqs`, epoch ms. */
  readonly recentTimesMs: readonly number[];
}

/** A rider's live state: the position of the device that moves with the race, smoothed speed and markers. */
export interface RiderLiveState {
  readonly bib: number;
  /** The device that currently carries the rider's position (the bike being ridden). */
  readonly activeDevice: string;
  /** Fix time of the live position, epoch ms. */
  readonly tMs: number;
  /** Distance done along the route in metres, within [0, route length]. */
  readonly distanceMeters: number;
  /** Latitude of the live fix in degrees (for the teleport check). */
  readonly lat: number;
  /** Longitude of the live fix in degrees. */
  readonly lon: number;
  /** Horizontal dilution of precision of the live fix (1 when not reported). */
  readonly hdop: number;
  /** Speed along the route in m/s, the least-squares slope of `samples` (not raw GPS jitter). */
  readonly speedMetersPerSecond: number;
  /** True when the rider has barely moved over the speed window (a crash, a mechanical, the finish). */
  readonly stationary: boolean;
  /** Live positions within the speed window, oldest first. */
  readonly samples: readonly ProgressSample[];
  /** Time the rider crossed the finish line, interpolated, epoch ms; live state freezes there. */
  readonly finishTMs: number | undefined;
  /** Time of the last switch of active device (a bike change), epoch ms. */
  readonly lastSwitchTMs: number | undefined;
  /**
   * The device the rider last switched away from: the old bike, now on a team car's roof. It takes over again only
   * where the rider should be by their speed, not merely because the active one is silent (a tunnel). Optional: a
   * state stored before it existed has none.
   */
  readonly previousDevice?: string;
  /** Time of the newest fix from another of the rider's devices, epoch ms. */
  readonly otherDeviceTMs: number | undefined;
  /** Live fixes in a row refused as physically impossible; past a limit the engine re-anchors. */
  readonly impossibleStreak: number;
  /**
   * The live fix's time by its tracker's own clock (uncorrected), epoch ms. Between two fixes of one device this
   * gives the exact elapsed time whatever the skew estimate did meanwhile (it moves as the smallest delivery delay
   * is learnt). Absent in state stored before it existed.
   */
  readonly trackerTMs?: number;
  /**
   * Time trials only (`ApplyFixesContext.timeTrial`): when the rider crossed the start mark, epoch ms by the clock of
   * `timeTrialDevice` (`time-checks.ts`). Absent before his start, on road stages, and in state stored before it
   * existed.
   */
  readonly timeTrialStartMs?: number;
  /** Time trials only: the device whose own clock `timeTrialStartMs` is on (elapsed times are exact on one clock). */
  readonly timeTrialDevice?: string;
  /** Time trials only: elapsed ms since `timeTrialStartMs` at each time check (index k − 1 for km k); null for a hole. */
  readonly timeChecksMs?: readonly (number | null)[];
  /** Time trials only: elapsed ms from the start mark to the finish line, once finished. */
  readonly timeTrialElapsedMs?: number;
}

/** The per-stage state `applyFixes` reads and returns. */
export interface RaceState {
  /** Live state per rider, keyed by bib (as a string). */
  readonly riders: Readonly<Record<string, RiderLiveState>>;
  /** Per device, keyed by device id. */
  readonly devices: Readonly<Record<string, DeviceTrack>>;
  /** Spacing of the head-of-race passage marks in metres. */
  readonly passageStepMeters: number;
  /** Earliest time any rider passed each mark (k × step), epoch ms; NaN until passed (DESIGN §3). */
  readonly headPassagesMs: readonly number[];
  /**
   * Second-earliest crossing of each mark by another rider, epoch ms; NaN until crossed. With `thirdPassagesMs` it
   * lets gaps read the front group's crossing rather than the earliest alone, which 5 m GPS noise biases early.
   * Optional: a state rebuilt without it reads the earliest crossings only.
   */
  readonly secondPassagesMs?: readonly number[];
  /** Third-earliest crossing of each mark, epoch ms; NaN until crossed. Optional, as `secondPassagesMs`. */
  readonly thirdPassagesMs?: readonly number[];
}

/** Spacing of head-of-race passage marks, m (DESIGN §3: "each 100 m"). */
export const DEFAULT_PASSAGE_STEP_METERS = 100;

/** Returns an empty state for a stage on `route`. */
export function createRaceState(route: PreparedRoute, passageStepMeters = DEFAULT_PASSAGE_STEP_METERS): RaceState {
  const marks = Math.floor(route.lengthMeters / passageStepMeters) + 1;
  return {
    riders: {},
    devices: {},
    passageStepMeters,
    headPassagesMs: new Array<number>(marks).fill(Number.NaN),
    secondPassagesMs: new Array<number>(marks).fill(Number.NaN),
    thirdPassagesMs: new Array<number>(marks).fill(Number.NaN),
  };
}
