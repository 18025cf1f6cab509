import type { DeviceTrack, RaceFix } from './race-state';

/**
 * Per-device bookkeeping of `applyFixes`: de-duplication with bounded memory and tracker clock skew.
 * @see DESIGN.md §2 (de-duplicate (device, seq) / (device, time))
 */

/** Fixes remembered per device for de-duplication. */
export const DEDUP_MEMORY = 32;
/** Delivery time of a fix on time through the relay, ms (fixes are batched for up to a second). */
export const NOMINAL_DELAY_MS = 1_000;
/** A tracker clock off by more than this is corrected, ms. */
export const SKEW_TOLERANCE_MS = 2_000;
/** Fixes with a receive time needed before a tracker's clock offset is trusted (one may have been held back). */
export const SKEW_MIN_SAMPLES = 10;

/** Makes every field of T writable (the engine's working copies, never exposed). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A device track being updated inside one `applyFixes` call. */
export type WorkingDevice = Mutable<DeviceTrack> & { recentSeqs: number[]; recentTimesMs: number[] };

/** Returns a writable copy of a stored device track. */
export function workingDevice(stored: DeviceTrack): WorkingDevice {
  return { ...stored, recentSeqs: stored.recentSeqs.slice(), recentTimesMs: stored.recentTimesMs.slice() };
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

/** Remembers a fix for de-duplication; one older than the whole memory cannot be judged and is not kept. */
export function remember(device: WorkingDevice, fix: RaceFix): void {
  if (device.recentTimesMs.length >= DEDUP_MEMORY && fix.t < device.newestTMs && fix.t < minOf(device.recentTimesMs)) {
    return;
  }
  device.recentSeqs.push(fix.seq);
  device.recentTimesMs.push(fix.t);
  if (device.recentSeqs.length > DEDUP_MEMORY) {
    device.recentSeqs.shift();
    device.recentTimesMs.shift();
  }
  if (fix.t < device.firstTMs) device.firstTMs = fix.t;
  if (fix.receivedMs !== undefined) {
    const delay = fix.receivedMs - fix.t;
    device.minDelayMs = device.minDelayMs === undefined ? delay : Math.min(device.minDelayMs, delay);
    device.delaySamples++;
  }
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
