import type { PreparedRoute } from '../route/types';
import type { SnapshotGroup } from '../snapshot';
import { PREDICTION_COEFFICIENTS } from './coefficients';
import { catchKmToGo, catchProbability, type CatchSituation } from './catch-model';
import { climbMetersAhead, paceRoleOf, paceSecondsPerKm, secondsToFinish } from './terrain';

/** Predictions for one group of the snapshot (rounded for the wire). */
export interface GroupPrediction {
  /** Index into the snapshot's `groups`. */
  readonly group: number;
  /** Probability that the group is caught by the peloton before the line; null for the peloton and groups behind it. */
  readonly catchProbability: number | null;
  /** Where the catch is expected, km from the start; null when a catch is less likely than not. */
  readonly catchKm: number | null;
  /** When the group's head is expected at the finish, epoch ms (whole seconds). */
  readonly finishEtaMs: number;
}

/** What the predictions read besides the groups. */
export interface PredictionInput {
  readonly groups: readonly SnapshotGroup[];
  readonly routeLengthMeters: number;
  /** Time of the snapshot, epoch ms. */
  readonly tMs: number;
  /** The stage route with its gradient profile; without it the road ahead is taken as flat. */
  readonly route?: PreparedRoute;
  /** Trend of the head group's lead over the peloton, s per minute (0 when unknown). */
  readonly headLeadTrendSecondsPerMinute: number;
}

/**
 * What the catch model reads about group `index`, ahead of the peloton at `peloton` (both indexes into the groups).
 * The engine and the fitting script both build situations here, so the model is fitted on what it is served.
 */
export function catchSituationOf(input: PredictionInput, index: number, peloton: number): CatchSituation {
  const g = input.groups[index]!;
  const route = input.route;
  return {
    gapSeconds: Math.max(0, -g.gapToPelotonSeconds),
    gapTrendSecondsPerMinute: index === 0 ? input.headLeadTrendSecondsPerMinute : 0,
    kmToGo: Math.max(0, input.routeLengthMeters - g.distanceMeters) / 1_000,
    groupSize: g.size,
    climbMetersAhead: route === undefined ? 0 : climbMetersAhead(route, g.distanceMeters),
    pelotonSize: input.groups[peloton]?.size ?? 1,
    isHeadOfRace: index === 0,
    routeClimbMeters: route === undefined ? 0 : climbMetersAhead(route, 0),
  };
}

/** Riders in the largest group on the road (0 with none): tells a time trial from a road stage. */
export function largestGroupSize(groups: readonly SnapshotGroup[]): number {
  let largest = 0;
  for (const g of groups) largest = Math.max(largest, g.size);
  return largest;
}

/**
 * Modelled riding time of group `g` to the line, s, at the pace of its role (`paceRoleOf`; flat road without a
 * route), with `largest` the size of the largest group on the road.
 */
export function groupSecondsToFinish(
  g: SnapshotGroup,
  largest: number,
  routeLengthMeters: number,
  route?: PreparedRoute,
): number {
  const pace = PREDICTION_COEFFICIENTS.pace[paceRoleOf(g.kind, largest)];
  if (route === undefined)
    return (Math.max(0, routeLengthMeters - g.distanceMeters) / 1_000) * paceSecondsPerKm(0, pace);
  return secondsToFinish(route, Math.min(g.distanceMeters, route.lengthMeters), pace);
}

/**
 * Predicts, per group on the road: for groups ahead of the peloton the chance of being caught before the line and
 * where, and for every group the finish ETA (remaining distance over the fitted pace-on-gradient model of its role:
 * ahead of the peloton, peloton, grupetto, dropped, or alone in a time trial). Pure.
 */
export function predictGroups(input: PredictionInput): GroupPrediction[] {
  const { groups, route, routeLengthMeters } = input;
  const peloton = groups.findIndex((g) => g.kind === 'peloton');
  const largest = largestGroupSize(groups);
  return groups.map((g, i) => {
    const seconds = groupSecondsToFinish(g, largest, routeLengthMeters, route);
    const finishEtaMs = Math.round((input.tMs + seconds * 1_000) / 1_000) * 1_000;
    if (peloton < 0 || i >= peloton) return { group: i, catchProbability: null, catchKm: null, finishEtaMs };
    const situation = catchSituationOf(input, i, peloton);
    const p = catchProbability(situation);
    const catchKm = p >= 0.5 ? Math.round((routeLengthMeters / 1_000 - catchKmToGo(situation)) * 10) / 10 : null;
    return { group: i, catchProbability: Math.round(p * 100) / 100, catchKm, finishEtaMs };
  });
}
