import { leadTrendSecondsPerMinute } from './events/breakaway';
import type { PassageLine } from './events/line-passages';
import { advanceDetectorState, type DetectorState } from './events/detector-state';
import { buildGroups, type GroupKind, type GroupOptions, type RiderOnRoad } from './groups';
import { predictGroups, type GroupPrediction } from './predictions/group-predictions';
import type { RaceState, RiderLiveState } from './race-state';
import type { PreparedRoute } from './route/types';
import { timeTrialGaps, type TimeTrialGap } from './time-checks';
import { headOfRace, riderGaps } from './time-gaps';
import { trackerHealth, type TrackerHealthOptions, type TrackerStatus } from './tracker-health';
import { finishBonuses, virtualGc, type GcStanding, type StageProgress, type VirtualGcEntry } from './virtual-gc';

/** Version of the snapshot shape; bump it on any change a reader would notice. v2: predictions, finish times, detector state. */
export const SNAPSHOT_VERSION = 2;

/** What `buildSnapshot` reads: the stage state and what the tour config knows about the stage. */
export interface SnapshotInput {
  readonly stage: number;
  readonly routeLengthMeters: number;
  readonly state: RaceState;
  /** Time of the snapshot, epoch ms (an argument: the engine has no clock). */
  readonly nowMs: number;
  /** GC before the stage, s. @default [] - stage 1: everyone at 0 */
  readonly gcBefore?: readonly GcStanding[];
  /** Bonus seconds at the finish, first place first. @default [] */
  readonly finishBonusSeconds?: readonly number[];
  readonly groupOptions?: GroupOptions;
  readonly healthOptions?: TrackerHealthOptions;
  /**
   * The stage's previous snapshot: its detector state carries the events' hysteresis (confirmations, counters) and its
   * rider positions time the line crossings. @default undefined - the first snapshot of the stage
   */
  readonly previous?: StageSnapshot;
  /** The stage route, for the terrain ahead in the predictions. @default undefined - the road ahead is taken as flat */
  readonly route?: PreparedRoute;
  /** Intermediate sprints and KOM summits whose first riders are reported (`passageLinesOf`). @default [] */
  readonly lines?: readonly PassageLine[];
  /**
   * A time trial: the virtual GC counts each rider's time lost at his latest time check (`time-checks.ts`), not his
   * gap on the road, which there says when he started. The state must come from `applyFixes` with `timeTrial`.
   * @default false
   */
  readonly timeTrial?: boolean;
}

/** A group in the snapshot (rounded for the wire). */
export interface SnapshotGroup {
  readonly kind: GroupKind;
  readonly isHeadOfRace: boolean;
  readonly riders: readonly number[];
  readonly size: number;
  readonly distanceMeters: number;
  readonly speedKmh: number;
  readonly gapSeconds: number;
  readonly gapToPelotonSeconds: number;
}

/** A rider in the snapshot (rounded for the wire). */
export interface SnapshotRider {
  readonly bib: number;
  readonly distanceMeters: number;
  readonly speedKmh: number;
  readonly gapSeconds: number;
  readonly gapUncertaintySeconds: number;
  readonly status: TrackerStatus;
  readonly stationary: boolean;
  readonly finished: boolean;
  /** Index into `groups`, or -1 once finished or while the tracker is silent past `GROUP_SILENCE_MS`. */
  readonly group: number;
  /**
   * Time trials only: time lost on the fastest rider at this rider's latest time check (each km) or at the finish,
   * s; absent before his first check.
   */
  readonly timeTrialGapSeconds?: number;
  /** Time trials only: where `timeTrialGapSeconds` was taken, m (the route length once finished). */
  readonly timeCheckMeters?: number;
}

/** The snapshot's race picture, before predictions and detector state are added. */
export interface SnapshotCore {
  readonly v: typeof SNAPSHOT_VERSION;
  readonly stage: number;
  readonly tMs: number;
  readonly routeLengthMeters: number;
  /** Bib of the head of the race, or null before any fix. */
  readonly headBib: number | null;
  /** Groups on the road, front first; finished riders and riders silent past `GROUP_SILENCE_MS` are in none. */
  readonly groups: readonly SnapshotGroup[];
  /** Riders with a live state, by bib. */
  readonly riders: readonly SnapshotRider[];
  readonly virtualGc: readonly VirtualGcEntry[];
  /** The virtual yellow jersey: first on the virtual GC, or null. */
  readonly virtualYellowBib: number | null;
  /** Finish order so far, first across the line first. */
  readonly finishOrder: readonly number[];
  /** Finish times of `finishOrder`, epoch ms. Always set by `buildSnapshot` (v2+); optional for hand-built snapshots. */
  readonly finishTimesMs?: readonly number[];
}

/** One compact, versioned picture of a stage: the item fans and partners read (DESIGN §2). */
export interface StageSnapshot extends SnapshotCore {
  /**
   * Per group on the road: catch chance and km for groups ahead of the peloton, finish ETA for all. Always set by
   * `buildSnapshot` (v2+); optional so that hand-built and stored v1 snapshots still type-check.
   */
  readonly predictions?: readonly GroupPrediction[];
  /**
   * The event detectors' state between runs (see `raceEvents`); readers other than the engine ignore it. Always
   * set by `buildSnapshot` (v2+); a snapshot without it starts the detectors afresh. The field keeps its stored
   * name `memory`: every stored snapshot carries it under that name.
   */
  readonly memory?: DetectorState;
}

/**
 * A rider whose tracker has been silent this long is in no group, ms. His gap is the one he had where he was last
 * seen, and in five minutes the race's gaps move by tens of seconds: a peloton rider whose tracker died early rode on
 * as a group of his own just behind the head of the race. A shorter silence keeps him in the group his last gap puts
 * him in: a tunnel or a radio hole leaves that gap right.
 */
export const GROUP_SILENCE_MS = 300_000;

/**
 * The field's clock, epoch ms: the median newest fix of the riders still on the road. Silence is measured against
 * it, not against the snapshot time (the newest fix of any rider): when one Kinesis shard runs minutes behind the
 * others, its riders are late, not silent, and a median that they cannot move holds none of them out of the groups
 * (the local stack at 30x ran the busier of two shards minutes behind). Undefined with no rider on the road.
 */
export function fieldClockMs(riders: readonly RiderLiveState[]): number | undefined {
  const times = riders
    .filter((r) => r.finishTMs === undefined)
    .map((r) => r.tMs)
    .sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  const mid = times.length >> 1;
  return times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const toKmh = (metersPerSecond: number): number => round1(metersPerSecond * 3.6);

/**
 * Today's figures for the virtual GC of a time trial: the time lost at the latest time check. A rider not yet at his
 * first check has lost nothing yet when there is a GC before the stage; without one (a prologue, or a tour with no
 * GC data) he has no time to rank and is left out, or the riders still on the ramp would lead the classification.
 */
function timeTrialProgress(
  riders: readonly RiderLiveState[],
  clock: ReadonlyMap<number, TimeTrialGap>,
  hasGcBefore: boolean,
  bonuses: ReadonlyMap<number, number>,
): StageProgress[] {
  return riders.flatMap((r) => {
    const gap = clock.get(r.bib);
    if (gap === undefined && !hasGcBefore) return [];
    return [{ bib: r.bib, gapSeconds: gap?.gapSeconds ?? 0, bonusSeconds: bonuses.get(r.bib) ?? 0 }];
  });
}

/** The snapshot fields of a rider's time-trial gap, none without one. */
function timeCheckFields(
  gap: TimeTrialGap | undefined,
): Pick<SnapshotRider, 'timeTrialGapSeconds' | 'timeCheckMeters'> {
  return gap === undefined ? {} : { timeTrialGapSeconds: round1(gap.gapSeconds), timeCheckMeters: gap.atMeters };
}

/**
 * Builds the stage snapshot from the engine state: gaps at the same point of the road, groups, tracker health and
 * the virtual GC. Pure; the result depends only on its input, never on the order riders are stored in.
 */
export function buildSnapshot(input: SnapshotInput): StageSnapshot {
  const { state, routeLengthMeters, nowMs } = input;
  const gaps = riderGaps(state, routeLengthMeters, nowMs);
  const riders = Object.values(state.riders).sort((a, b) => a.bib - b.bib);
  const finishers = riders
    .filter((r) => r.finishTMs !== undefined)
    .sort((a, b) => a.finishTMs! - b.finishTMs! || a.bib - b.bib);
  const finishOrder = finishers.map((r) => r.bib);
  const onRoad: RiderOnRoad[] = [];
  const fieldMs = fieldClockMs(riders) ?? nowMs;
  riders.forEach((r, i) => {
    if (r.finishTMs !== undefined || fieldMs - r.tMs > GROUP_SILENCE_MS) return;
    onRoad.push({
      bib: r.bib,
      distanceMeters: r.distanceMeters,
      speedMetersPerSecond: r.speedMetersPerSecond,
      gapSeconds: gaps[i]!.gapSeconds,
    });
  });
  const groups = buildGroups(onRoad, input.groupOptions);
  const groupOf = new Map<number, number>();
  groups.forEach((g, i) => g.riders.forEach((bib) => groupOf.set(bib, i)));
  const bonuses = finishBonuses(finishOrder, input.finishBonusSeconds ?? []);
  const clock = input.timeTrial === true ? timeTrialGaps(riders, routeLengthMeters) : undefined;
  const gc = virtualGc(
    input.gcBefore ?? [],
    clock === undefined
      ? riders.map((r, i) => ({ bib: r.bib, gapSeconds: gaps[i]!.gapSeconds, bonusSeconds: bonuses.get(r.bib) ?? 0 }))
      : timeTrialProgress(riders, clock, (input.gcBefore ?? []).length > 0, bonuses),
  ).map((e) => ({ ...e, virtualSeconds: round1(e.virtualSeconds), behindSeconds: round1(e.behindSeconds) }));
  const headBib = headOfRace(state, routeLengthMeters)?.bib ?? null;
  const core: SnapshotCore = {
    v: SNAPSHOT_VERSION,
    stage: input.stage,
    tMs: nowMs,
    routeLengthMeters: Math.round(routeLengthMeters),
    headBib,
    groups: groups.map((g) => ({
      kind: g.kind,
      isHeadOfRace: g.isHeadOfRace,
      riders: g.riders,
      size: g.size,
      distanceMeters: Math.round(g.distanceMeters),
      speedKmh: toKmh(g.speedMetersPerSecond),
      gapSeconds: round1(g.gapSeconds),
      gapToPelotonSeconds: round1(g.gapToPelotonSeconds),
    })),
    riders: riders.map((r, i) => ({
      bib: r.bib,
      distanceMeters: Math.round(r.distanceMeters),
      speedKmh: toKmh(r.speedMetersPerSecond),
      gapSeconds: round1(gaps[i]!.gapSeconds),
      gapUncertaintySeconds: round1(gaps[i]!.uncertaintySeconds),
      status: trackerHealth(r, nowMs, input.healthOptions).status,
      stationary: r.stationary,
      finished: r.finishTMs !== undefined,
      group: groupOf.get(r.bib) ?? -1,
      ...timeCheckFields(clock?.get(r.bib)),
    })),
    virtualGc: gc,
    virtualYellowBib: gc[0]?.bib ?? null,
    finishOrder,
    finishTimesMs: finishers.map((r) => Math.round(r.finishTMs!)),
  };
  const detectors = advanceDetectorState(input.previous, core, input.lines ?? []);
  const predictions = predictGroups({
    groups: core.groups,
    routeLengthMeters: core.routeLengthMeters,
    tMs: nowMs,
    route: input.route,
    headLeadTrendSecondsPerMinute: leadTrendSecondsPerMinute(detectors.breakaway.leads),
  });
  return { ...core, predictions, memory: detectors };
}
