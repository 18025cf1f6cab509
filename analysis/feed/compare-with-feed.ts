import {
  buildDeviceDirectory,
  createRaceState,
  prepareRoute,
  replayFixes,
  type DeviceAssignment,
  type FixRejectReason,
  type PreparedRoute,
  type ReplayBatch,
  type ReplayStage,
  type SnapshotRider,
} from '../../core/race';
import { isLiveGps, type FeedRow } from './feed-rows';
import { feedKmAt, routeFromTracks, type RouteFromTracksOptions } from './route-from-tracks';
import {
  errorSummary,
  RankAgreementTally,
  ranksOf,
  splitAgreement,
  type ErrorSummary,
  type RankAgreement,
  type SplitAgreement,
} from './scoring';
import {
  stageTimeAgreement,
  TimeCheckGapTally,
  type OfficialTime,
  type StageTimeAgreement,
} from './time-trial-scoring';

/** The engine's default group split, s (`buildGroups`: TV graphics split at 1–3 s). */
export const DEFAULT_SPLIT_SECONDS = 2;
/** Default rank window for "within ±N places". */
export const DEFAULT_RANK_WINDOW = 5;

/** A stage route with the mapping from its distance (m) to the feed's km. */
export interface FeedRoute {
  readonly prepared: PreparedRoute;
  /** Engine distance along `prepared` (m) → the feed's DistanceFromStart (km). */
  readonly toFeedKm: (meters: number) => number;
  /** Where the route came from: the tour config's file, or rebuilt from the feed's tracks. */
  readonly source: 'route-file' | 'tracks';
}

/** Options of `compareWithFeed`. */
export interface CompareWithFeedOptions {
  readonly stage: number;
  /** A time trial: the feed's GapToFirstRiderT and gaps to the previous rider are not gaps on the road (see docs). */
  readonly timeTrial: boolean;
  /** The stage route; @default undefined - rebuilt from the feed's own tracks (`routeFromTracks`) */
  readonly route?: FeedRoute;
  readonly routeOptions?: RouteFromTracksOptions;
  /** Group split for the engine and for reading the feed's GapToPreviousRiderT, s. @default DEFAULT_SPLIT_SECONDS */
  readonly splitSeconds?: number;
  /** "Within ±N places". @default DEFAULT_RANK_WINDOW */
  readonly rankWindow?: number;
  /** Official stage times, to score a time trial's finish times. @default [] */
  readonly officialTimes?: readonly OfficialTime[];
}

/** How the engine agrees with the feed on one stage (`--json` of `tour-tracker compare-feed`). */
export interface FeedComparison {
  readonly stage: number;
  readonly timeTrial: boolean;
  readonly feed: {
    readonly rows: number;
    readonly liveRows: number;
    readonly polls: number;
    readonly riders: number;
    readonly medianPollSeconds: number;
    readonly firstKm: number;
    readonly lastKm: number;
  };
  readonly route: { readonly source: FeedRoute['source']; readonly vertices: number; readonly lengthMeters: number };
  readonly engine: {
    readonly fixes: number;
    readonly live: number;
    readonly rejects: Readonly<Partial<Record<FixRejectReason, number>>>;
  };
  /** |engine km − DistanceFromStart|, m. */
  readonly kmErrorMeters: ErrorSummary;
  /** |engine gap − GapToFirstRiderT|, s; null in a time trial. */
  readonly gapErrorSeconds: ErrorSummary | null;
  /** Rows left out of the gap score: behind where the head was at the first poll, where no passage is known. */
  readonly gapRowsBeforeHead: number;
  readonly rank: RankAgreement;
  /** Splits between consecutive riders; null in a time trial. */
  readonly splits: (SplitAgreement & { readonly splitSeconds: number }) | null;
  /** Time trials: |engine time lost at its latest time check − TTGapToVirtualLeaderT|, s; null on a road stage. */
  readonly timeCheckGapErrorSeconds: ErrorSummary | null;
  /** Time trials: the engine's stage times against the official results; null without both. */
  readonly stageTimes: StageTimeAgreement | null;
}

/** Returns the route rebuilt from the feed's live positions, with its calibration to the feed's km. */
export function routeFromFeed(rows: readonly FeedRow[], options?: RouteFromTracksOptions): FeedRoute {
  const track = routeFromTracks(
    rows.filter(isLiveGps).map((r) => ({ lat: r.lat, lon: r.lon, distanceKm: r.distanceFromStartKm! })),
    options,
  );
  const prepared = prepareRoute(track.points);
  return { prepared, toFeedKm: (m) => feedKmAt(track, prepared.distanceMeters, m), source: 'tracks' };
}

/** True when the feed itself shows a time trial: a virtual leader or a time on course. */
export function isTimeTrialFeed(rows: readonly FeedRow[]): boolean {
  return rows.some((r) => r.ttVirtualLeader || (r.ttTimeOnCourseSeconds ?? 0) > 0);
}

const deviceOf = (bib: number): string => `feed-${bib}`;

/**
 * Replays the feed's live GPS positions through the race engine (`replayFixes`: one synthetic device per bib, one
 * `applyFixes` batch and one snapshot per poll, each snapshot given the previous one) and scores the engine's picture at
 * each poll against what the feed said at that poll: km along the route, gap to the first rider, position in the
 * race and group splits.
 */
export function compareWithFeed(rows: readonly FeedRow[], options: CompareWithFeedOptions): FeedComparison {
  const splitSeconds = options.splitSeconds ?? DEFAULT_SPLIT_SECONDS;
  const live = rows.filter(isLiveGps);
  const route = options.route ?? routeFromFeed(rows, options.routeOptions);
  const bibs = [...new Set(live.map((r) => r.bib))].sort((a, b) => a - b);
  const assignments: DeviceAssignment[] = bibs.map((bib) => ({
    device: deviceOf(bib),
    owner: { kind: 'rider', bib },
    validFromMs: 0,
    validToMs: null,
  }));
  const stage: ReplayStage = {
    stage: options.stage,
    route: route.prepared,
    directory: buildDeviceDirectory(assignments),
    timeTrial: options.timeTrial,
    groupOptions: { splitSeconds },
  };
  const timeCheckGaps = new TimeCheckGapTally();
  const polls = pollsOf(live);
  const batchOf = ([tMs, pollRows]: [number, FeedRow[]], seq: number): ReplayBatch => ({
    nowMs: tMs,
    fixes: pollRows.map((r) => ({ device: deviceOf(r.bib), seq, t: tMs, lat: r.lat, lon: r.lon })),
  });

  let state = createRaceState(route.prepared);
  let liveFixes = 0;
  const rejects: Partial<Record<FixRejectReason, number>> = {};
  const kmErrors: number[] = [];
  const gapErrors: number[] = [];
  // Where the head of the race was at the first poll: behind that point the engine never saw the head pass (the feed
  // may start mid-stage), so a gap there is not a measurement and is left out.
  let gapFromMeters: number | undefined;
  let gapsBeforeHead = 0;
  const splitPairs: { feed: boolean; engine: boolean }[] = [];
  const ranks = new RankAgreementTally(options.rankWindow ?? DEFAULT_RANK_WINDOW);
  for (const step of replayFixes(stage, polls, batchOf)) {
    const { item, applied, snapshot } = step;
    const pollRows = item[1];
    state = step.state;
    liveFixes += applied.accepted.filter((a) => a.live).length;
    for (const r of applied.rejects) rejects[r.reason] = (rejects[r.reason] ?? 0) + 1;
    const engineOf = new Map(snapshot.riders.map((r) => [r.bib, r]));
    if (gapFromMeters === undefined && snapshot.headBib !== null) {
      gapFromMeters = engineOf.get(snapshot.headBib)?.distanceMeters;
    }
    const paired = pollRows
      .map((feed) => ({ feed, engine: engineOf.get(feed.bib) }))
      .filter((p): p is { feed: FeedRow; engine: SnapshotRider } => p.engine !== undefined);
    for (const { feed, engine } of paired) {
      kmErrors.push(Math.abs(route.toFeedKm(engine.distanceMeters) - feed.distanceFromStartKm!) * 1_000);
      if (options.timeTrial) timeCheckGaps.add(feed, engine);
      if (options.timeTrial || feed.gapToFirstSeconds === undefined) continue;
      if (gapFromMeters === undefined || engine.distanceMeters < gapFromMeters) gapsBeforeHead++;
      else gapErrors.push(Math.abs(engine.gapSeconds - feed.gapToFirstSeconds));
    }
    const ranked = paired.filter((p) => p.feed.positionInRace !== undefined);
    ranks.add(
      ranksOf(ranked.map((p) => p.feed.positionInRace!)),
      ranksOf(
        ranked.map((p) => p.engine.distanceMeters),
        true,
      ),
    );
    if (!options.timeTrial) splitPairs.push(...consecutivePairs(ranked, splitSeconds));
  }

  // A loop, not Math.min(...kms): a whole stage's rows would overflow the argument stack.
  let firstKm = Number.NaN;
  let lastKm = Number.NaN;
  for (const r of live) {
    const km = r.distanceFromStartKm!;
    if (Number.isNaN(firstKm) || km < firstKm) firstKm = km;
    if (Number.isNaN(lastKm) || km > lastKm) lastKm = km;
  }
  return {
    stage: options.stage,
    timeTrial: options.timeTrial,
    feed: {
      rows: rows.length,
      liveRows: live.length,
      polls: polls.length,
      riders: bibs.length,
      medianPollSeconds: medianPollSeconds(polls.map(([t]) => t)),
      firstKm,
      lastKm,
    },
    route: {
      source: route.source,
      vertices: route.prepared.vertexCount,
      lengthMeters: route.prepared.lengthMeters,
    },
    engine: { fixes: live.length, live: liveFixes, rejects },
    kmErrorMeters: errorSummary(kmErrors),
    gapErrorSeconds: options.timeTrial ? null : errorSummary(gapErrors),
    gapRowsBeforeHead: gapsBeforeHead,
    rank: ranks.result(),
    splits: options.timeTrial ? null : { ...splitAgreement(splitPairs), splitSeconds },
    timeCheckGapErrorSeconds: options.timeTrial ? timeCheckGaps.result() : null,
    stageTimes: options.timeTrial ? stageTimeAgreement(Object.values(state.riders), options.officialTimes ?? []) : null,
  };
}

/** Live rows grouped by poll time, earliest first. */
function pollsOf(live: readonly FeedRow[]): [number, FeedRow[]][] {
  const byTime = new Map<number, FeedRow[]>();
  for (const r of live) {
    const list = byTime.get(r.tMs);
    if (list) list.push(r);
    else byTime.set(r.tMs, [r]);
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b);
}

/**
 * Pairs of riders next to each other in the feed's order (PositionInTheRace differs by 1, so the feed's
 * GapToPreviousRiderT is about this very pair) with both verdicts: the feed's gap over the threshold, and the
 * engine's group boundary. Riders finished in the engine (group −1) are in no group and left out.
 */
function consecutivePairs(
  ranked: readonly { feed: FeedRow; engine: SnapshotRider }[],
  splitSeconds: number,
): { feed: boolean; engine: boolean }[] {
  const inOrder = [...ranked].sort((a, b) => a.feed.positionInRace! - b.feed.positionInRace!);
  const pairs: { feed: boolean; engine: boolean }[] = [];
  for (let i = 1; i < inOrder.length; i++) {
    const ahead = inOrder[i - 1]!;
    const behind = inOrder[i]!;
    if (behind.feed.positionInRace! - ahead.feed.positionInRace! !== 1) continue;
    if (behind.feed.gapToPreviousSeconds === undefined || ahead.engine.group < 0 || behind.engine.group < 0) continue;
    pairs.push({
      feed: behind.feed.gapToPreviousSeconds > splitSeconds,
      engine: ahead.engine.group !== behind.engine.group,
    });
  }
  return pairs;
}

function medianPollSeconds(times: readonly number[]): number {
  const steps = times.slice(1).map((t, i) => (t - times[i]!) / 1_000);
  if (steps.length === 0) return Number.NaN;
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1]!;
}
