import type { DeviceTrack, RaceFix } from './race-state';

/**
 * Per-device bookkeeping of `applyFixes`: de-duplication over a bounded window of recent fixes and tracker clock skew.
 * @see DESIGN.md §2 (de-duplicate (device, seq) / (device, time))
 */

/** Fixes remembered per device for de-duplication. */
export const DEDUP_WINDOW = 32;
/** Delivery time of a fix on time through the relay, ms (fixes are batched for up to a second). */
export const NOMINAL_DELAY_MS = 1_000;
/**
 * A tracker clock off by more than this is corrected, ms. The smallest delay of an on-time fix is the nominal one to
 * within the relay's timing, so a smaller offset is still clear. Uncorrected, a 1.8 s skew is the largest single
 * source of gap error on simulated stages (every gap of that rider off by 1.8 s).
 */
export const SKEW_TOLERANCE_MS = 250;
/** Fixes with a receive time needed before a tracker's clock offset is trusted (one may have been held back). */
export const SKEW_MIN_SAMPLES = 10;

/** Makes every field of T writable (the engine's working copies, never exposed). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A device track being updated inside one `applyFixes` call. Its arrays are never written in place (they may be the
 * stored state's): `remember` replaces them.
 */
export type WorkingDevice = Mutable<DeviceTrack>;

/**
 * Returns a writable copy of a stored device track. Fields are listed rather than spread: one object shape for every
 * copy keeps V8 on its fast path, which matters at ~200 copies per 1 s batch.
 */
export function workingDevice(stored: DeviceTrack): WorkingDevice {
  return {
    device: stored.device,
    firstTMs: stored.firstTMs,
    newestTMs: stored.newestTMs,
    distanceMeters: stored.distanceMeters,
    minDelayMs: stored.minDelayMs,
    delaySamples: stored.delaySamples,
    recentSeqs: stored.recentSeqs,
    recentTimesMs: stored.recentTimesMs,
  };
}

/** Returns the track of a device seen for the first time. */
export function newDeviceTrack(fix: RaceFix): WorkingDevice {
  return {
    device: fix.device,
    firstTMs: fix.t,
    newestTMs: Number.NEGATIVE_INFINITY,
    distanceMeters: undefined,
    minDelayMs: undefined,
    delaySamples: 0,
    recentSeqs: [],
    recentTimesMs: [],
  };
}

/** A copy delivered twice has the same fix time; a resend may carry the same seq with a re-stamped time. */
export function isDuplicate(device: WorkingDevice, fix: RaceFix): boolean {
  const times = device.recentTimesMs;
  const seqs = device.recentSeqs;
  for (let i = times.length - 1; i >= 0; i--) {
    if (times[i] === fix.t) return true;
    if (seqs[i] === fix.seq && Math.abs(times[i]! - fix.t) < 2_000) return true;
  }
  return false;
}

/** Remembers a fix for de-duplication; one older than the whole window cannot be judged and is not kept. */
export function remember(device: WorkingDevice, fix: RaceFix): void {
  if (device.recentTimesMs.length >= DEDUP_WINDOW && fix.t < device.newestTMs && fix.t < minOf(device.recentTimesMs)) {
    return;
  }
  device.recentSeqs = appended(device.recentSeqs, fix.seq);
  device.recentTimesMs = appended(device.recentTimesMs, fix.t);
  if (fix.t < device.firstTMs) device.firstTMs = fix.t;
  if (fix.receivedMs !== undefined) {
    const delay = fix.receivedMs - fix.t;
    device.minDelayMs = device.minDelayMs === undefined ? delay : Math.min(device.minDelayMs, delay);
    device.delaySamples++;
  }
}

/**
 * Returns a new array: the last `DEDUP_WINDOW - 1` values and `value`. Built at its final size in one allocation
 * (a copy, a push that grows the copy and a shift cost three), which matters at one call per fix.
 */
function appended(values: readonly number[], value: number): number[] {
  const kept = Math.min(values.length, DEDUP_WINDOW - 1);
  const from = values.length - kept;
  const out = new Array<number>(kept + 1);
  for (let i = 0; i < kept; i++) out[i] = values[from + i]!;
  out[kept] = value;
  return out;
}

function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** Returns the correction to add to the device's fix times, ms: 0 unless its clock is clearly off. */
export function skewOf(device: WorkingDevice): number {
  if (device.minDelayMs === undefined || device.delaySamples < SKEW_MIN_SAMPLES) return 0;
  const skew = device.minDelayMs - NOMINAL_DELAY_MS;
  return Math.abs(skew) > SKEW_TOLERANCE_MS ? skew : 0;
}
