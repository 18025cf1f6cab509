import { groupDragFactor, nextSpeedMs, powerForSpeedWatts, shelteredDragFactor, type Body } from './physics';
import type { Rng } from './random';
import { groupLengthMeters, groupTailMeters, type Group, type GroupKind, type RiderState } from './race-state';
import { currentThresholdWatts } from './race-dynamics';
import { riderMassKg } from './riders';

/** W′ refills at this share of the power a rider rides below threshold. */
const W_PRIME_RECOVERY = 0.3;

/** How far a rider's place in the group drifts per second (0 = front, 1 = back). */
const SLOT_DRIFT = 0.01;

/** A group behind joins the group ahead when its front is this close to the other's back, m. */
export const MERGE_GAP_METERS = 3;

/** Sprint power is drawn each second between this share and 100 % of the rider's peak. */
const SPRINT_POWER_FLOOR = 0.85;

/**
 * Air-drag factor of a rider chasing back through the convoy of team cars behind the peloton: riders coming back
 * from a crash or a bike change shelter behind the cars (the commissaires tolerate it), which is how they regain
 * the bunch on the flat.
 */
export const CONVOY_DRAG_FACTOR = 0.5;

/** The convoy reaches this far behind the back of the peloton, m. */
export const CONVOY_LENGTH_METERS = 1_500;

/** How a group rides this second. */
export interface GroupRide {
  /** Power of the riders setting the pace, W/kg. */
  readonly paceWPerKg: number;
  /** Gradient at the group's head, %. */
  readonly gradientPercent: number;
  /** Riders shelter in each other's wake (false in time trials). */
  readonly drafting: boolean;
  /** Riders use their time-trial position and bike. */
  readonly timeTrial: boolean;
  /** The group is chasing inside the convoy of team cars (see `CONVOY_DRAG_FACTOR`). */
  readonly convoyShelter: boolean;
}

/**
 * Rides a group for one second: its speed answers to the pace power on the gradient (drafting lowers the drag of
 * everyone), then each member pays the power needed to hold that speed from their own threshold and W′.
 * Returns the riders who ran out of W′: they are dropped and no longer in the group.
 */
export function rideOneSecond(group: Group, ride: GroupRide, rng: Rng): RiderState[] {
  const { paceWPerKg, gradientPercent, drafting, timeTrial, convoyShelter } = ride;
  const members = group.members;
  const n = members.length;
  let massKg = 0;
  let riderKg = 0;
  let cdaM2 = 0;
  for (const r of members) {
    massKg += r.profile.body.massKg;
    riderKg += riderMassKg(r.profile);
    cdaM2 += timeTrial ? r.profile.ttCdaM2 : r.profile.body.cdaM2;
  }
  const body: Body = { massKg: massKg / n, cdaM2: cdaM2 / n, crr: 0.004 };
  const paceWatts = (paceWPerKg * riderKg) / n;
  const groupDrag = convoyShelter ? CONVOY_DRAG_FACTOR : drafting ? groupDragFactor(n) : 1;
  group.speedMs = nextSpeedMs(body, group.speedMs, paceWatts, gradientPercent, groupDrag, 1);
  group.headMeters += group.speedMs;
  const memberDrag = convoyShelter ? CONVOY_DRAG_FACTOR : drafting ? shelteredDragFactor(n) : 1;
  const length = groupLengthMeters(n);
  const dropped: RiderState[] = [];
  for (const r of members) {
    if (group.sprinting) sprint(r, gradientPercent, memberDrag, rng);
    else {
      r.slot = Math.min(1, Math.max(0, r.slot + SLOT_DRIFT * rng.normal()));
      r.speedMs = group.speedMs;
      // Moving back through the bunch never moves a rider backwards on the road.
      r.distanceMeters = Math.max(r.distanceMeters, group.headMeters - r.slot * length);
    }
    const riderBody = timeTrial ? { ...r.profile.body, cdaM2: r.profile.ttCdaM2 } : r.profile.body;
    const needed = n === 1 ? paceWatts : powerForSpeedWatts(riderBody, r.speedMs, gradientPercent, memberDrag);
    spend(r, group.sprinting ? Math.max(needed, r.powerWatts) : needed);
    if (drafting && n > 1 && r.wPrimeJoules < 0 && !group.sprinting) dropped.push(r);
  }
  if (dropped.length > 0) group.members = members.filter((r) => !dropped.includes(r));
  return dropped;
}

/** In the final sprint each rider goes at their own speed from their own peak power. */
function sprint(rider: RiderState, gradientPercent: number, drag: number, rng: Rng): void {
  const watts = rider.profile.sprintWatts * (SPRINT_POWER_FLOOR + (1 - SPRINT_POWER_FLOOR) * rng.float());
  rider.powerWatts = watts;
  rider.speedMs = nextSpeedMs(rider.profile.body, rider.speedMs, watts, gradientPercent, drag, 1);
  rider.distanceMeters += rider.speedMs;
}

/** Books one second of work: energy (fatigue) and the W′ balance. */
function spend(rider: RiderState, watts: number): void {
  const threshold = currentThresholdWatts(rider);
  rider.powerWatts = watts;
  rider.energyJoules += watts;
  if (watts > threshold) rider.wPrimeJoules -= watts - threshold;
  else
    rider.wPrimeJoules = Math.min(
      rider.profile.wPrimeJoules,
      rider.wPrimeJoules + W_PRIME_RECOVERY * (threshold - watts),
    );
}

/** Ids for new groups, in creation order (deterministic). */
export class GroupIds {
  private next = 1;
  /** A fresh id. */
  take(): number {
    return this.next++;
  }
}

/** Forms a new group of `riders` (taken out of their groups by the caller) `aheadMeters` in front of the first. */
export function formGroup(
  ids: GroupIds,
  riders: RiderState[],
  kind: GroupKind,
  second: number,
  speedMs: number,
  aheadMeters = 0,
): Group {
  const head = Math.max(...riders.map((r) => r.distanceMeters)) + aheadMeters;
  const group: Group = {
    id: ids.take(),
    kind,
    members: riders,
    headMeters: head,
    speedMs,
    formedSecond: second,
    gradientPercent: 0,
    sprinting: false,
  };
  riders.forEach((r, i) => {
    r.groupId = group.id;
    r.slot = riders.length > 1 ? i / (riders.length - 1) : 0;
    r.speedMs = speedMs;
  });
  return group;
}

/** A group that swallowed another this second (for the catch and regroup events). */
export interface Merge {
  readonly into: Group;
  readonly absorbed: Group;
}

/** A group formed this recently that is slower than the group ahead stays apart from it, s (riders just dropped). */
export const MERGE_GRACE_SECONDS = 120;

/**
 * Joins each group to the group ahead when it has closed up to its back (or overtaken it), unless it was formed in
 * the last `MERGE_GRACE_SECONDS` and is slower: riders just dropped stay dropped until a flat road brings them back.
 * Keeps `groups` sorted front first.
 */
export function mergeGroups(groups: Group[], second: number): Merge[] {
  groups.sort((a, b) => b.headMeters - a.headMeters || a.id - b.id);
  const merges: Merge[] = [];
  for (let i = 1; i < groups.length; i++) {
    const ahead = groups[i - 1] as Group;
    const behind = groups[i] as Group;
    if (ahead.sprinting) continue;
    if (behind.headMeters < groupTailMeters(ahead) - MERGE_GAP_METERS) continue;
    const justFormed =
      second - behind.formedSecond < MERGE_GRACE_SECONDS || second - ahead.formedSecond < MERGE_GRACE_SECONDS;
    if (justFormed && behind.speedMs < ahead.speedMs) continue;
    // The bigger group keeps its id, so the peloton stays the same group in the ground truth all day.
    const keep = behind.members.length > ahead.members.length ? behind : ahead;
    const gone = keep === ahead ? behind : ahead;
    keep.kind = mergedKind(ahead, behind);
    keep.sprinting = behind.sprinting;
    keep.headMeters = ahead.headMeters;
    for (const r of gone.members) {
      r.groupId = keep.id;
      r.slot = gone === behind ? 0.5 + 0.5 * r.slot : 0.5 * r.slot;
    }
    keep.members = keep.members.concat(gone.members);
    merges.push({ into: keep, absorbed: gone });
    groups.splice(i - 1, 2, keep);
    i--;
  }
  return merges;
}

function mergedKind(ahead: Group, behind: Group): GroupKind {
  if (ahead.kind === 'peloton' || behind.kind === 'peloton') return 'peloton';
  if (ahead.kind === 'breakaway' || behind.kind === 'breakaway') return 'breakaway';
  if (ahead.kind === 'attack' || behind.kind === 'attack') return 'attack';
  const size = ahead.members.length + behind.members.length;
  return ahead.kind === 'grupetto' || behind.kind === 'grupetto' || size >= 8 ? 'grupetto' : 'dropped';
}
