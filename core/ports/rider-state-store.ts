import { createRaceState, type DeviceTrack, type PreparedRoute, type RaceState, type RiderLiveState } from '../race';
import type { StageKey } from './stage-key';

/**
 * What the processor keeps per rider between batches: the engine's live state of the rider plus the engine's
 * tracks of the rider's devices (de-duplication seqs/times, newest fix, clock skew). Together they rebuild the part
 * of the engine's `RaceState` a batch needs; head-of-race passages are not persisted (they only feed time gaps).
 */
export interface StoredRider {
  readonly bib: number;
  /** Newest fix time of the rider or any of its devices, epoch ms: the out-of-order guard of `putIfNewer`. */
  readonly newestFixMs: number;
  readonly live: RiderLiveState;
  readonly devices: readonly DeviceTrack[];
  /** Start of the newest track bucket the processor wrote for the rider, epoch ms; later buckets are empty. */
  readonly trackBucketMs?: number;
}

/** Outcome of a conditional write: items written, and items skipped because the stored one was as new or newer. */
export interface PutIfNewerResult {
  readonly written: number;
  readonly skipped: number;
}

/** Live state of the riders of a stage. */
export interface RiderStateStore {
  /** The stored riders among `bibs` (strongly consistent: a batch reads what the previous one wrote), by bib. */
  load(stage: StageKey, bibs: readonly number[]): Promise<ReadonlyMap<number, StoredRider>>;
  /** Keeps the newest state per rider; an older or equal `newestFixMs` is skipped, not an error. */
  putIfNewer(stage: StageKey, riders: readonly StoredRider[]): Promise<PutIfNewerResult>;
}

/**
 * Rebuilds the engine state from stored riders. Persisted per rider: its `RiderLiveState` and the `DeviceTrack`s
 * of its devices (dedup window, newest fix, clock skew), which is all `applyFixes` reads across batches. Not
 * persisted: vehicles' devices and head-of-race passages (they start empty each batch; they only feed time gaps).
 * Pure; the processor applies fixes to it and the aggregator builds snapshots from it.
 */
export function raceStateFrom(route: PreparedRoute, stored: ReadonlyMap<number, StoredRider>): RaceState {
  const riders: Record<string, RiderLiveState> = {};
  const devices: Record<string, DeviceTrack> = {};
  for (const rider of stored.values()) {
    riders[String(rider.bib)] = rider.live;
    for (const device of rider.devices) devices[device.device] = device;
  }
  return { ...createRaceState(route), riders, devices };
}
