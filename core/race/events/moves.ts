import type { SnapshotCore, StageSnapshot } from '../snapshot';
import { MIN_PELOTON_RIDERS, pelotonOf } from './breakaway';
import { raceEvent, type EventContext } from './emit';
import { durationText, kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * Attacks and bridges: a rider (or a few) leaving the front of a group and opening a gap, and a rider (or a few)
 * closing the gap to a group ahead of the peloton and joining it. Both must hold before they are reported: an attacker stays
 * clear, a bridger stays in the group it reached, so riders flickering at the split threshold are never reported.
 */

/** Attackers and bridgers are groups of at most this many riders. */
export const MOVE_MAX_RIDERS = 3;
/** An attack is reported once the attackers have stayed clear this long… */
export const ATTACK_CONFIRM_MS = 30_000;
/** …with at least this gap to the group they left, s (four times the usual split threshold: tracker faults open 5 s). */
export const ATTACK_MIN_GAP_SECONDS = 8;
/** The most a rider whose tracker was late can be seen clear of the bunch he was in when it reports again, s. */
export const ATTACK_MAX_RETURN_SECONDS = 60;
/** A small group this far behind the group ahead, s, is chasing it; joining it later is a bridge. */
export const CHASE_MIN_GAP_SECONDS = 10;
/** A bridge is reported once the bridgers have stayed with the group ahead this long, ms. */
export const BRIDGE_CONFIRM_MS = 20_000;
/** Riders sorting themselves out in the first km (fixes arriving, the roll-out) make no moves, m. */
export const MOVE_MIN_DISTANCE_METERS = 2_000;
/** A chase that has not bridged after this long is forgotten, ms. */
const CHASE_KEPT_MS = 900_000;
/** Reported moves are kept this long (to not register the same riders again at once), ms. */
const REPORTED_KEPT_MS = 300_000;
const MAX_CHASES = 12;

/** An attack or a chase being watched: its riders and a rider of the other group (the anchor). */
export interface Move {
  /** Numbers the move's event once reported; 0 while pending. */
  readonly n: number;
  /** Riders, bib order. */
  readonly bibs: readonly number[];
  /** For an attack, a rider of the group left behind; for a chase, a rider of the group ahead. */
  readonly anchor: number;
  /** When the move was first seen (an attack) or the bridgers joined the group ahead (a chase; 0 before), epoch ms. */
  readonly sinceMs: number;
  /** When a chase was first seen, epoch ms (its expiry). */
  readonly seenMs: number;
}

/** Attacks and chases being watched or recently reported. */
export interface MovesState {
  readonly attacks: readonly Move[];
  readonly chases: readonly Move[];
  readonly attackCount: number;
  readonly bridgeCount: number;
}

/** State before anything happened. */
export const NO_MOVES: MovesState = { attacks: [], chases: [], attackCount: 0, bridgeCount: 0 };

const keyOf = (bibs: readonly number[]): string => bibs.join(',');

function groupIndex(snapshot: Pick<SnapshotCore, 'riders'>): Map<number, number> {
  const index = new Map<number, number>();
  for (const r of snapshot.riders) if (r.group >= 0) index.set(r.bib, r.group);
  return index;
}

/**
 * Riders whose live fix is fresh. A rider whose tracker is late keeps the gap of its last fix while the others' gaps
 * move on (the breakaway pulling away), so it drifts out of its group on paper: that is not a move.
 */
function reportingBibs(snapshot: Pick<SnapshotCore, 'riders'>): Set<number> {
  const fresh = new Set<number>();
  for (const r of snapshot.riders) if (r.status === 'ok') fresh.add(r.bib);
  return fresh;
}

/** The one group all `bibs` ride in now, or undefined when they are apart (or not on the road). */
function sharedGroup(groupOf: Map<number, number>, bibs: readonly number[]): number | undefined {
  const g = groupOf.get(bibs[0]!);
  return g !== undefined && bibs.every((b) => groupOf.get(b) === g) ? g : undefined;
}

/** Advances the attack and chase state from the previous snapshot to `current`. Pure. */
export function advanceMoves(
  state: MovesState,
  previous: Pick<SnapshotCore, 'riders'> | undefined,
  current: SnapshotCore,
): MovesState {
  const t = current.tMs;
  const { groups } = current;
  if (groups.length < 2 && state.attacks.length === 0 && state.chases.length === 0) return state;
  // Once the winner is in, the groups still on the road are racing for places, not making moves worth a story.
  if (current.finishOrder.length > 0) return state;
  const groupOf = groupIndex(current);
  const fresh = reportingBibs(current);
  // Bridges are race moves towards the front: joining the peloton again (after a puncture, a crash) is not one.
  const bunch = pelotonOf(groups);
  // Without a real bunch (a time trial) riders pass each other alone: nobody attacks or bridges.
  if (bunch === undefined) {
    return state.attacks.length + state.chases.length === 0 ? state : { ...state, attacks: [], chases: [] };
  }
  const peloton = bunch.index;
  let { attackCount, bridgeCount } = state;
  const attacks: Move[] = [];
  for (const a of state.attacks) {
    if (a.n > 0) {
      if (t - a.sinceMs < REPORTED_KEPT_MS) attacks.push(a);
      continue;
    }
    const g = sharedGroup(groupOf, a.bibs);
    const left = groupOf.get(a.anchor);
    if (g === undefined || left === undefined || g >= left) continue;
    const gap = groups[left]!.gapSeconds - groups[g]!.gapSeconds;
    const held =
      t - a.sinceMs >= ATTACK_CONFIRM_MS && gap >= ATTACK_MIN_GAP_SECONDS && a.bibs.every((b) => fresh.has(b));
    attacks.push(held ? { ...a, n: ++attackCount } : a);
  }
  if (previous !== undefined) {
    const before = groupIndex(previous);
    const freshBefore = reportingBibs(previous);
    // A rider silent for long is in no group until he reports again (`GROUP_SILENCE_MS`): he left the bunch he was
    // last seen in.
    const silentBefore = new Set(previous.riders.filter((r) => r.group < 0 && !r.finished).map((r) => r.bib));
    const sizeBefore = new Map<number, number>();
    for (const g of before.values()) sizeBefore.set(g, (sizeBefore.get(g) ?? 0) + 1);
    const watched = new Set(attacks.map((a) => keyOf(a.bibs)));
    // Attacks come from the front of the race: splits behind the peloton are riders being dropped.
    for (let i = 0; i + 1 <= peloton && i + 1 < groups.length; i++) {
      const g = groups[i]!;
      const anchor = groups[i + 1]!.riders[0]!;
      const left = before.get(anchor);
      if (g.size > MOVE_MAX_RIDERS || g.distanceMeters < MOVE_MIN_DISTANCE_METERS) continue;
      const cameFrom = (b: number): boolean => before.get(b) === left || silentBefore.has(b);
      if (left === undefined || !g.riders.every((b) => cameFrom(b) && fresh.has(b))) continue;
      // A few riders going clear of the peloton at the head of the race are a breakaway forming: that story is told
      // by `breakaway-formed` once they hold their lead. A lone rider going clear is an attack either way.
      if (i === 0 && i + 1 === peloton && g.size > 1) continue;
      // An attack opens its gap second by second: riders far apart at once were only lumped together for a moment
      // (a late fix's gap, a chaser passing a late head of the race on paper), and their "split" is that glitch
      // healing. Only a rider whose tracker was late inside a bunch may come back far clear of it.
      const far = groups[i + 1]!.gapSeconds - g.gapSeconds >= ATTACK_MIN_GAP_SECONDS;
      const lateInBunch =
        !g.riders.every((b) => freshBefore.has(b)) && (sizeBefore.get(left) ?? 0) >= MIN_PELOTON_RIDERS;
      if (far && !lateInBunch) continue;
      // A tracker is lost after a minute or two of silence: nobody gains more than this on the bunch meanwhile, so a
      // rider seen back further clear was matched to another part of the course (a circuit passing close to itself).
      if (far && groups[i + 1]!.gapSeconds - g.gapSeconds > ATTACK_MAX_RETURN_SECONDS) continue;
      const bibs = [...g.riders].sort((a, b) => a - b);
      if (!watched.has(keyOf(bibs))) attacks.push({ n: 0, bibs, anchor, sinceMs: t, seenMs: t });
    }
  }
  const chases: Move[] = [];
  for (const c of state.chases) {
    if (c.n > 0) {
      if (t - c.sinceMs < REPORTED_KEPT_MS) chases.push(c);
      continue;
    }
    const g = sharedGroup(groupOf, c.bibs);
    const together = g !== undefined && groupOf.get(c.anchor) === g && g < peloton;
    if (!together) {
      if (g !== undefined && t - c.seenMs < CHASE_KEPT_MS) chases.push(c.sinceMs === 0 ? c : { ...c, sinceMs: 0 });
      continue;
    }
    const since = c.sinceMs === 0 ? t : c.sinceMs;
    chases.push(t - since >= BRIDGE_CONFIRM_MS ? { ...c, sinceMs: since, n: ++bridgeCount } : { ...c, sinceMs: since });
  }
  const chasing = new Set(chases.map((c) => keyOf(c.bibs)));
  for (let i = 1; i < peloton; i++) {
    const g = groups[i]!;
    const ahead = groups[i - 1]!;
    if (g.size > MOVE_MAX_RIDERS || g.distanceMeters < MOVE_MIN_DISTANCE_METERS) continue;
    if (g.gapSeconds - ahead.gapSeconds < CHASE_MIN_GAP_SECONDS) continue;
    const bibs = [...g.riders].sort((a, b) => a - b);
    if (!chasing.has(keyOf(bibs))) chases.push({ n: 0, bibs, anchor: ahead.riders[0]!, sinceMs: 0, seenMs: t });
  }
  return { attacks, chases: chases.slice(-MAX_CHASES), attackCount, bridgeCount };
}

const GROUP_NAMES: Record<string, { en: string; fr: string }> = {
  breakaway: { en: 'the breakaway', fr: "l'échappée" },
  chasers: { en: 'the chasers', fr: 'les contre-attaquants' },
  peloton: { en: 'the peloton', fr: 'le peloton' },
};

/** Attack and bridge events for moves reported since the previous snapshot. */
export function moveEvents(
  previous: MovesState,
  now: MovesState,
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const events: RaceEvent[] = [];
  const groupOf = groupIndex(current);
  for (const a of now.attacks) {
    if (a.n <= previous.attackCount) continue;
    const g = current.groups[groupOf.get(a.bibs[0]!) ?? -1];
    const left = current.groups[groupOf.get(a.anchor) ?? -1];
    const gap = durationText(g && left ? left.gapSeconds - g.gapSeconds : 0);
    const km = kmText(g?.distanceMeters ?? 0);
    const names = namesText(a.bibs, context.riderName);
    const plural = a.bibs.length > 1;
    events.push(
      raceEvent(context, 'attack', `${a.n}`, {
        distanceMeters: g?.distanceMeters ?? 0,
        bibs: a.bibs,
        text: `${names.en} ${plural ? 'attack' : 'attacks'} at ${km.en} and ${plural ? 'open' : 'opens'} a gap of ${gap}.`,
        textFr: `${names.fr} ${plural ? 'attaquent' : 'attaque'} au ${km.fr} et ${plural ? 'creusent' : 'creuse'} un écart de ${gap}.`,
      }),
    );
  }
  for (const c of now.chases) {
    if (c.n <= previous.bridgeCount) continue;
    const g = current.groups[groupOf.get(c.anchor) ?? -1];
    const target = GROUP_NAMES[g?.kind ?? ''] ?? { en: 'the group ahead', fr: 'le groupe de devant' };
    const km = kmText(g?.distanceMeters ?? 0);
    const names = namesText(c.bibs, context.riderName);
    const plural = c.bibs.length > 1;
    events.push(
      raceEvent(context, 'bridge', `${c.n}`, {
        distanceMeters: g?.distanceMeters ?? 0,
        bibs: c.bibs,
        text: `${names.en} ${plural ? 'bridge' : 'bridges'} across to ${target.en} at ${km.en}.`,
        textFr: `${names.fr} ${plural ? 'rentrent' : 'rentre'} sur ${target.fr} au ${km.fr}.`,
      }),
    );
  }
  return events;
}
