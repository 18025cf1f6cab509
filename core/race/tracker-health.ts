import type { RiderLiveState } from './race-state';

/** How a rider's tracking looks now: fine, late, gone, or in the middle of a bike change. */
export type TrackerStatus = 'ok' | 'stale' | 'lost' | 'bike-change-suspected';

/** Health of a rider's tracking at a time. */
export interface TrackerHealth {
  /** Time since the live fix, ms (0 when the tracker's clock runs ahead). */
  readonly lastFixAgeMs: number;
  /** Live fixes per second over the speed window ending now. */
  readonly fixRateHz: number;
  readonly status: TrackerStatus;
}

/** Thresholds of `trackerHealth`, ms. */
export interface TrackerHealthOptions {
  /** A live fix older than this is stale. @default 10_000 - ten missed 1 Hz fixes */
  readonly staleAfterMs?: number;
  /** A live fix older than this is lost. @default 60_000 - longer than a tunnel or a radio hole */
  readonly lostAfterMs?: number;
  /** A bike change stays flagged this long after the switch, ms. @default 120_000 */
  readonly bikeChangeFlagMs?: number;
}

const RATE_WINDOW_MS = 15_000;

/**
 * Returns the tracker health of a rider at `nowMs` (epoch ms). A recent switch of device, or another device of a
 * rider who never switched reporting while the active one is late, is `bike-change-suspected`; else the age of the
 * live fix decides.
 */
export function trackerHealth(rider: RiderLiveState, nowMs: number, options: TrackerHealthOptions = {}): TrackerHealth {
  const staleAfterMs = options.staleAfterMs ?? 10_000;
  const lostAfterMs = options.lostAfterMs ?? 60_000;
  const flagMs = options.bikeChangeFlagMs ?? 120_000;
  const lastFixAgeMs = Math.max(0, nowMs - rider.tMs);
  let recent = 0;
  for (const s of rider.samples) if (s.tMs > nowMs - RATE_WINDOW_MS && s.tMs <= nowMs) recent++;
  const fixRateHz = recent / (RATE_WINDOW_MS / 1_000);
  const switched = rider.lastSwitchTMs !== undefined && nowMs - rider.lastSwitchTMs <= flagMs;
  // After a bike change the old bike rides on in the team car and keeps reporting: that it reports while the live
  // tracker is late is expected then, not a sign of another change (a real one shows as a switch).
  const otherReporting =
    rider.previousDevice === undefined &&
    rider.otherDeviceTMs !== undefined &&
    rider.otherDeviceTMs > rider.tMs &&
    lastFixAgeMs > staleAfterMs / 2;
  let status: TrackerStatus;
  if (rider.finishTMs === undefined && (switched || otherReporting)) status = 'bike-change-suspected';
  else if (rider.finishTMs !== undefined || lastFixAgeMs <= staleAfterMs) status = 'ok';
  else if (lastFixAgeMs <= lostAfterMs) status = 'stale';
  else status = 'lost';
  return { lastFixAgeMs, fixRateHz, status };
}
