import type { RiderProfile } from './riders';

/** Where a rider is in the day: waiting for a time-trial start, racing, stopped (crash, bike change), or done. */
export type RiderStatus = 'waiting' | 'racing' | 'stopped' | 'finished';

/**
 * What a group is doing on the road, which sets its pace. `solo` is a time-trial rider (no drafting, no merging);
 * `attack` a rider who has just jumped away; `dropped` riders who could not hold their group's pace.
 */
export type GroupKind = 'peloton' | 'breakaway' | 'attack' | 'dropped' | 'grupetto' | 'solo';

/** One rider's state in the simulation; mutated in place each second for speed. */
export interface RiderState {
  readonly profile: RiderProfile;
  /** Position in the start list. */
  readonly index: number;
  status: RiderStatus;
  /** Distance from the start line, m (may pass the route length by a few metres in the finishing second). */
  distanceMeters: number;
  speedMs: number;
  /** Id of the rider's group, or -1 when not in one (waiting, stopped, finished). */
  groupId: number;
  /** Place inside the group from the front (0) to the back (1); drifts slowly. */
  slot: number;
  /** Work done in the stage so far, J (drives fatigue). */
  energyJoules: number;
  /** W′ left, J: drains above threshold, refills below it; at zero the rider cannot hold the pace. */
  wPrimeJoules: number;
  /** Second of the stage at which a stop (crash, mechanical) ends. */
  stoppedUntilSecond: number;
  /** Second until which an attacker rides above threshold. */
  attackUntilSecond: number;
  /** True while the rider belongs to the day's breakaway (cleared when caught). */
  inBreakaway: boolean;
  /** Official start of this rider, s after the stage start (0 in road stages; staggered in time trials). */
  readonly startSecond: number;
  /** Finishing time, s after the stage start (fractional), or null. */
  finishSecond: number | null;
  /** Which of the rider's bikes (and trackers) is in use: 0 = race bike, 1 = spare. */
  bike: number;
  /** Power over the last second, W. */
  powerWatts: number;
}

/** A bunch of riders riding together at one speed, sheltering from the wind. */
export interface Group {
  readonly id: number;
  kind: GroupKind;
  members: RiderState[];
  /** Distance of the front of the group from the start line, m. */
  headMeters: number;
  speedMs: number;
  /** Second of the stage when the group formed. */
  readonly formedSecond: number;
  /** Road gradient at the group's head over the last second, %. */
  gradientPercent: number;
  /** True once the group is in its final sprint: members then ride at their own sprint speeds. */
  sprinting: boolean;
}

/** Length of a group on the road, m: riders two or three abreast, ~1.5 m per row. */
export function groupLengthMeters(size: number): number {
  return size <= 1 ? 0 : 1.5 * Math.pow(size - 1, 0.9);
}

/** Distance of the back of a group, m. */
export function groupTailMeters(group: Group): number {
  return group.headMeters - groupLengthMeters(group.members.length);
}
