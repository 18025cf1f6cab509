import type { FaultCounts } from './faults';
import { round, type FinishResult, type TruthEvent, type TruthSecond, type TruthSummary } from './ground-truth';
import { formGroup, mergeGroups, type GroupIds } from './groups';
import type { RacePlan } from './race-dynamics';
import { leave } from './race-events';
import type { Group, RiderState } from './race-state';
import type { TrackerFault } from './telemetry';
import type { RaceExtent, VehicleState } from './vehicles';

/** Smallest group of dropped riders that rides together as the grupetto. */
const GRUPETTO_SIZE = 8;

/** Sends time-trial riders off at their start times and riders back on the road after a stop. */
export function startAndRestart(
  riders: readonly RiderState[],
  groups: Group[],
  ids: GroupIds,
  second: number,
  timeTrial: boolean,
): void {
  for (const r of riders) {
    const starts = r.status === 'waiting' && second >= r.startSecond;
    const restarts = r.status === 'stopped' && second >= r.stoppedUntilSecond;
    if (!starts && !restarts) continue;
    r.status = 'racing';
    groups.push(formGroup(ids, [r], timeTrial ? 'solo' : 'dropped', second, 1));
  }
}

/** The group with the most riders (the peloton, or the front of a time trial), or null. */
export function largestGroup(groups: readonly Group[]): Group | null {
  let best: Group | null = null;
  for (const g of groups) if (!best || g.members.length > best.members.length) best = g;
  return best;
}

/** Books a rider across the line: the crossing time is interpolated inside the second. */
export function finishRider(
  rider: RiderState,
  fromMeters: number,
  second: number,
  lengthMeters: number,
  groups: readonly Group[],
): void {
  const fraction = (lengthMeters - fromMeters) / Math.max(rider.distanceMeters - fromMeters, 1e-9);
  rider.finishSecond = second - 1 + Math.min(1, Math.max(0, fraction));
  rider.status = 'finished';
  rider.distanceMeters = lengthMeters;
  rider.speedMs = 0;
  const group = groups.find((g) => g.id === rider.groupId);
  if (group) leave(group, [rider]);
  rider.groupId = -1;
}

/** Finish events for the riders who crossed this second, in crossing order; appends them to `finished`. */
export function finishEvents(crossing: RiderState[], finished: RiderState[], startMs: number): TruthEvent[] {
  crossing.sort((a, b) => (a.finishSecond ?? 0) - (b.finishSecond ?? 0) || a.index - b.index);
  return crossing.map((r) => {
    finished.push(r);
    const at = r.finishSecond ?? 0;
    return {
      type: 'finish',
      t: Math.round(startMs + at * 1_000),
      bib: r.profile.bib,
      order: finished.length,
      timeSeconds: round(at - r.startSecond, 1e3),
    };
  });
}

/** Drops empty groups. */
export function removeEmptyGroups(groups: Group[]): void {
  for (let i = groups.length - 1; i >= 0; i--) if ((groups[i] as Group).members.length === 0) groups.splice(i, 1);
}

/** Merges groups that closed up, and reports the catches of breakaway riders and each new grupetto (once per group id). */
export function regroupEvents(groups: Group[], second: number, tMs: number, grupettos: Set<number>): TruthEvent[] {
  const events: TruthEvent[] = [];
  for (const { into } of mergeGroups(groups, second)) {
    if (into.kind !== 'peloton') continue;
    const caught = into.members.filter((r) => r.inBreakaway);
    if (caught.length === 0) continue;
    caught.forEach((r) => (r.inBreakaway = false));
    events.push({
      type: 'caught',
      t: tMs,
      km: round(into.headMeters / 1_000, 1e3),
      bibs: caught.map((r) => r.profile.bib),
    });
  }
  for (const g of groups) {
    if (g.kind === 'dropped' && g.members.length >= GRUPETTO_SIZE) g.kind = 'grupetto';
    if (g.kind !== 'grupetto' || grupettos.has(g.id)) continue;
    grupettos.add(g.id);
    events.push({
      type: 'grupetto-formed',
      t: tMs,
      km: round(g.headMeters / 1_000, 1e3),
      bibs: g.members.map((r) => r.profile.bib),
    });
  }
  return events;
}

/** Where the race is, for the convoy. */
export function raceExtent(onRoad: readonly RiderState[], groups: readonly Group[]): RaceExtent {
  let head = 0;
  let last = Infinity;
  for (const r of onRoad) {
    if (r.status === 'racing') head = Math.max(head, r.distanceMeters);
    last = Math.min(last, r.distanceMeters);
  }
  const sorted = [...groups].sort((a, b) => b.headMeters - a.headMeters);
  return { headMeters: head, lastMeters: last === Infinity ? head : last, groups: sorted, main: largestGroup(groups) };
}

/** The truth line of one second. */
export function truthSecond(
  tMs: number,
  riders: readonly RiderState[],
  groups: readonly Group[],
  vehicles: readonly VehicleState[],
): TruthSecond {
  return {
    type: 'second',
    t: tMs,
    km: riders.map((r) => round(r.distanceMeters / 1_000, 1e3)),
    speedKmh: riders.map((r) => round(r.speedMs * 3.6, 10)),
    group: riders.map((r) => r.groupId),
    groups: groups.map((g) => [g.id, g.kind, g.members.length] as const),
    vehicleKm: vehicles.map((v) => round(v.distanceMeters / 1_000, 1e3)),
  };
}

/** The last truth line: results by own time (a time trial's riders started at intervals) and the faults injected. */
export function summary(
  riders: readonly RiderState[],
  finished: readonly RiderState[],
  seconds: number,
  plan: RacePlan,
  counts: FaultCounts,
  framesSent: number,
  startMs: number,
  trackerFaults: readonly TrackerFault[],
): TruthSummary {
  const results: FinishResult[] = [...finished]
    .map((r) => ({ r, time: (r.finishSecond ?? 0) - r.startSecond }))
    .sort((a, b) => a.time - b.time || a.r.index - b.r.index)
    .map(({ r, time }, i) => ({
      bib: r.profile.bib,
      rank: i + 1,
      t: Math.round(startMs + (r.finishSecond ?? 0) * 1_000),
      timeSeconds: round(time, 1e3),
    }));
  const winner = finished.find((r) => r.profile.bib === results[0]?.bib);
  return {
    type: 'summary',
    seconds,
    finish: results,
    notFinished: riders.filter((r) => r.status !== 'finished').map((r) => r.profile.bib),
    breakawaySucceeded: plan.breakaway && winner ? winner.inBreakaway : null,
    faults: { ...counts },
    trackerFaults: [...trackerFaults],
    framesSent,
  };
}
