import type { Mutable } from './device-tracks';
import type { RaceFix, RiderLiveState } from './race-state';
import type { RouteMatch } from './route/types';

/**
 * A rider being updated inside one `applyFixes` call; `samples` is replaced, never written in place (it may be the
 * input state's).
 */
export type WorkingRider = Mutable<RiderLiveState>;

/** A writable copy of a stored rider; fields listed, not spread, so that every copy has one fast object shape. */
export function workingRider(stored: RiderLiveState): WorkingRider {
  return {
    bib: stored.bib,
    activeDevice: stored.activeDevice,
    tMs: stored.tMs,
    distanceMeters: stored.distanceMeters,
    lat: stored.lat,
    lon: stored.lon,
    hdop: stored.hdop,
    speedMetersPerSecond: stored.speedMetersPerSecond,
    stationary: stored.stationary,
    samples: stored.samples,
    finishTMs: stored.finishTMs,
    lastSwitchTMs: stored.lastSwitchTMs,
    previousDevice: stored.previousDevice,
    otherDeviceTMs: stored.otherDeviceTMs,
    impossibleStreak: stored.impossibleStreak,
    trackerTMs: stored.trackerTMs,
    timeTrialStartMs: stored.timeTrialStartMs,
    timeTrialDevice: stored.timeTrialDevice,
    timeChecksMs: stored.timeChecksMs,
    timeTrialElapsedMs: stored.timeTrialElapsedMs,
  };
}

/** The live state of a rider's first fix. */
export function newRider(bib: number, fix: RaceFix, tMs: number, match: RouteMatch): WorkingRider {
  return {
    bib,
    activeDevice: fix.device,
    tMs,
    distanceMeters: match.distanceMeters,
    lat: fix.lat,
    lon: fix.lon,
    hdop: fix.hdop ?? 1,
    speedMetersPerSecond: 0,
    stationary: false,
    samples: [{ tMs, distanceMeters: match.distanceMeters }],
    finishTMs: undefined,
    lastSwitchTMs: undefined,
    otherDeviceTMs: undefined,
    impossibleStreak: 0,
    trackerTMs: fix.t,
    timeTrialStartMs: undefined,
    timeTrialDevice: undefined,
    timeChecksMs: undefined,
    timeTrialElapsedMs: undefined,
  };
}
