import {
  raceEvents,
  SNAPSHOT_VERSION,
  type PassageLine,
  type RaceEvent,
  type SnapshotCore,
  type SnapshotGroup,
  type SnapshotRider,
  type StageSnapshot,
} from '../../../../../core/race/index';
import { advanceDetectorState } from '../../../../../core/race/events/detector-state';

/** Hand-built snapshot sequences for the race-event tests: cores in, snapshots with memory and events out. */

export const LENGTH = 180_000;
export const STAGE = 3;

/** A group in a hand-built snapshot; `lead` is its advantage over the peloton, s (0 for the peloton). */
export function group(kind: SnapshotGroup['kind'], riders: number[], distanceMeters: number, lead = 0): SnapshotGroup {
  return {
    kind,
    isHeadOfRace: false,
    riders,
    size: riders.length,
    distanceMeters,
    speedKmh: 43,
    gapSeconds: 0,
    gapToPelotonSeconds: -lead,
  };
}

/** A rider at km 50 riding at 43 km/h unless told otherwise. */
export function rider(bib: number, overrides: Partial<SnapshotRider> = {}): SnapshotRider {
  return {
    bib,
    distanceMeters: 50_000,
    speedKmh: 43,
    gapSeconds: 0,
    gapUncertaintySeconds: 0.5,
    status: 'ok',
    stationary: false,
    finished: false,
    group: 0,
    ...overrides,
  };
}

/** A snapshot core at `tMs`: riders 1–6 together in the peloton unless told otherwise. */
export function core(tMs: number, overrides: Partial<SnapshotCore> = {}): SnapshotCore {
  const bibs = [1, 2, 3, 4, 5, 6];
  return {
    v: SNAPSHOT_VERSION,
    stage: STAGE,
    tMs,
    routeLengthMeters: LENGTH,
    headBib: 1,
    groups: [group('peloton', bibs, 50_000)],
    riders: bibs.map((b) => rider(b)),
    virtualGc: [],
    virtualYellowBib: null,
    finishOrder: [],
    finishTimesMs: [],
    ...overrides,
  };
}

/** A peloton of riders 3–6 with riders 1 and 2 `lead` seconds ahead (or in the peloton when `lead` is 0). */
export function withBreak(tMs: number, lead: number): SnapshotCore {
  if (lead <= 0) return core(tMs);
  const away = 50_000 + lead * 12;
  return core(tMs, {
    groups: [group('breakaway', [2, 1], away, lead), { ...group('peloton', [3, 4, 5, 6], 50_000), gapSeconds: lead }],
    riders: [1, 2, 3, 4, 5, 6].map((bib) =>
      bib <= 2 ? rider(bib, { distanceMeters: away }) : rider(bib, { group: 1, gapSeconds: lead }),
    ),
  });
}

/** Snapshots with memory, as `buildSnapshot` chains them, and every event between consecutive ones. */
export function replay(
  cores: readonly SnapshotCore[],
  lines: readonly PassageLine[] = [],
  riderName?: (bib: number) => string,
): { snapshots: StageSnapshot[]; events: RaceEvent[] } {
  const snapshots: StageSnapshot[] = [];
  const events: RaceEvent[] = [];
  let previous: StageSnapshot | undefined;
  for (const c of cores) {
    const snapshot: StageSnapshot = { ...c, predictions: [], memory: advanceDetectorState(previous, c, lines) };
    events.push(...raceEvents(previous, snapshot, riderName));
    snapshots.push(snapshot);
    previous = snapshot;
  }
  return { snapshots, events };
}

/** One core per second from `fromS` to `toS` (inclusive), built by `make(second)`. */
export function seconds(fromS: number, toS: number, make: (s: number) => SnapshotCore): SnapshotCore[] {
  const out: SnapshotCore[] = [];
  for (let s = fromS; s <= toS; s++) out.push(make(s));
  return out;
}

/** A core whose groups are given as `[kind, bibs, gap to the head in s]`, front first; riders point at their group. */
export function fromGroups(tMs: number, groups: readonly [SnapshotGroup['kind'], number[], number][]): SnapshotCore {
  const pelotonGap = groups.find((g) => g[0] === 'peloton')?.[2] ?? 0;
  return core(tMs, {
    groups: groups.map(([kind, riders, gapSeconds]) => ({
      ...group(kind, riders, 50_000 - gapSeconds * 12),
      gapSeconds,
      gapToPelotonSeconds: gapSeconds - pelotonGap,
    })),
    riders: groups.flatMap(([, riders, gapSeconds], i) =>
      riders.map((bib) => rider(bib, { group: i, gapSeconds, distanceMeters: 50_000 - gapSeconds * 12 })),
    ),
  });
}
