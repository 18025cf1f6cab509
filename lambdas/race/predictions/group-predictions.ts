import type { PreparedRoute } from '../route/types';
import type { SnapshotGroup } from '../snapshot';
import { catchKmToGo, catchProbability } from './catch-model';
import { climbMetersAhead, paceSecondsPerKm, secondsToFinish } from './terrain';

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
 * Predicts, per group on the road: for groups ahead of the peloton the chance of being caught before the line and
 * where, and for every group the finish ETA (remaining distance over the fitted pace-on-gradient model). Pure.
 */
export function predictGroups(input: PredictionInput): GroupPrediction[] {
  const { groups, route, routeLengthMeters } = input;
  const peloton = groups.findIndex((g) => g.kind === 'peloton');
  return groups.map((g, i) => {
    const kmToGo = Math.max(0, routeLengthMeters - g.distanceMeters) / 1_000;
    const seconds =
      route === undefined
        ? kmToGo * paceSecondsPerKm(0)
        : secondsToFinish(route, Math.min(g.distanceMeters, route.lengthMeters));
    const finishEtaMs = Math.round((input.tMs + seconds * 1_000) / 1_000) * 1_000;
    if (peloton < 0 || i >= peloton) return { group: i, catchProbability: null, catchKm: null, finishEtaMs };
    const situation = {
      gapSeconds: Math.max(0, -g.gapToPelotonSeconds),
      gapTrendSecondsPerMinute: i === 0 ? input.headLeadTrendSecondsPerMinute : 0,
      kmToGo,
      groupSize: g.size,
      climbMetersAhead: route === undefined ? 0 : climbMetersAhead(route, g.distanceMeters),
    };
    const p = catchProbability(situation);
    const catchKm = p >= 0.5 ? Math.round((routeLengthMeters / 1_000 - catchKmToGo(situation)) * 10) / 10 : null;
    return { group: i, catchProbability: Math.round(p * 100) / 100, catchKm, finishEtaMs };
  });
}
