import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { durationText } from './text';
import type { RaceEvent } from './types';

/**
 * Virtual leader (virtual yellow jersey) changes with hysteresis: the confirmed leader must have been clearly beaten
 * (the first on the virtual GC ahead of him by the margin) without a break for a while before the change is
 * reported; the new leader is whoever is first then.
 */

/** A new virtual leader must hold the lead this long, ms. */
export const LEADER_CONFIRM_MS = 60_000;
/** …and be at least this far ahead of the confirmed leader on the virtual GC when confirmed, s. */
export const LEADER_MARGIN_SECONDS = 2;

/** The confirmed virtual leader and the challenger being watched. */
export interface LeaderState {
  /** Confirmed virtual leader, or null before the first snapshot with a GC. */
  readonly bib: number | null;
  /** Rider first on the virtual GC now who is not the confirmed leader, or null while the leader is first. */
  readonly challenger: number | null;
  /** Since when the confirmed leader has been clearly beaten without a break, epoch ms (whoever led meanwhile). */
  readonly sinceMs: number;
  /** Leader changes so far (numbers their events). */
  readonly changes: number;
}

/** State before the first snapshot. */
export const NO_LEADER: LeaderState = { bib: null, challenger: null, sinceMs: 0, changes: 0 };

function secondsAhead(current: SnapshotCore, leader: number, other: number): number {
  const a = current.virtualGc.find((e) => e.bib === leader);
  const b = current.virtualGc.find((e) => e.bib === other);
  return a === undefined || b === undefined ? Infinity : b.virtualSeconds - a.virtualSeconds;
}

/** Advances the leader state to `current`. The first leader seen is taken silently (it is the GC leader). Pure. */
export function advanceLeader(state: LeaderState, current: SnapshotCore): LeaderState {
  const first = current.virtualYellowBib;
  if (first === null) return state;
  if (state.bib === null) return { ...state, bib: first };
  const beaten = first !== state.bib && secondsAhead(current, first, state.bib) >= LEADER_MARGIN_SECONDS;
  if (!beaten) return state.challenger === null ? state : { ...state, challenger: null };
  // The clock runs from when the leader was first clearly beaten, whoever has been first since: riders of a
  // breakaway swap first place every few seconds on 5 m of GPS noise, and a clock reset at each swap would keep a
  // leader dropped by minutes "confirmed" for an hour and a half (simulated stage 17, seed 1).
  const sinceMs = state.challenger === null ? current.tMs : state.sinceMs;
  if (current.tMs - sinceMs < LEADER_CONFIRM_MS) {
    return first === state.challenger && sinceMs === state.sinceMs ? state : { ...state, challenger: first, sinceMs };
  }
  return { bib: first, challenger: null, sinceMs: current.tMs, changes: state.changes + 1 };
}

/** The virtual-leader event when the confirmed leader changed between two snapshots. */
export function virtualLeaderEvents(
  previous: LeaderState,
  now: LeaderState,
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  if (now.changes <= previous.changes || now.bib === null) return [];
  const name = context.riderName(now.bib);
  const former = previous.bib;
  const ahead = former === null ? Infinity : secondsAhead(current, now.bib, former);
  const rider = current.riders.find((r) => r.bib === now.bib);
  const margin = Number.isFinite(ahead) && former !== null ? durationText(ahead) : undefined;
  const formerName = former === null ? '' : context.riderName(former);
  return [
    raceEvent(context, 'virtual-leader', `${now.changes}`, {
      distanceMeters: rider?.distanceMeters ?? 0,
      bibs: former === null ? [now.bib] : [now.bib, former],
      text: margin
        ? `${name} is the virtual yellow jersey, ${margin} ahead of ${formerName}.`
        : `${name} is the virtual yellow jersey.`,
      textFr: margin
        ? `${name} est maillot jaune virtuel, avec ${margin} d'avance sur ${formerName}.`
        : `${name} est maillot jaune virtuel.`,
    }),
  ];
}
