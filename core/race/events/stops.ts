import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * Riders stopping during the race. Riders who stop close together within a short time are one incident: two or
 * more is a crash, one is a stop. An incident is reported once its riders have stayed stopped for a while (briefly
 * after a sudden stop from riding speed, longer after a slow crawl), on fresh positions that stay put, so a rider who
 * only looked stopped (GPS jitter, a crawl up a steep ramp, a route-matching jump on a hairpin) is never reported,
 * and a rider standing at one place is one stop however long he stands there.
 */

/** Riders stopping within this distance of an incident's first rider, m… */
export const INCIDENT_RADIUS_METERS = 250;
/** …and this long after it, ms, join the incident. */
export const INCIDENT_WINDOW_MS = 30_000;
/**
 * An incident is reported once one of its riders has been stationary this long without moving (riders who rode on
 * are left out), ms. A rider crawling up a steep ramp at 2 m/s can read as stationary for several seconds (GPS noise
 * over the 15 s speed slope): over this long he moves on past `STOP_DRIFT_METERS`.
 */
export const STOP_CONFIRM_MS = 15_000;
/**
 * The wait for a sudden stop, ms: a rider who was riding at `SUDDEN_FROM_KMH` or more until just before. The
 * stationary flag itself needs the 15 s speed slope below 1 m/s, about 12 s of standing still, so a 15 s stop for a
 * wheel shows as 7 s of it: the full wait would miss most mechanicals.
 */
export const SUDDEN_STOP_CONFIRM_MS = 5_000;
/** A stop is sudden when the rider's speed fell below this, km/h… */
export const SUDDEN_FROM_KMH = 20;
/** …at most this long before the stationary flag, ms (the 15 s slope takes a few seconds to reach 0). */
export const SUDDEN_WITHIN_MS = 8_000;
/** A jump of the matched position distorts the 15 s speed slope for this long, ms. */
const JUMP_KEPT_MS = 20_000;
/** Faster than this, m/s (90 km/h, a fast descent), a position moves by a jump, not by riding. */
const JUMP_SPEED_METERS_PER_SECOND = 25;
/** Stops this close to the start line are riders waiting for the start, m. */
export const START_ZONE_METERS = 1_000;
/**
 * A stopped rider stays put while the stop is being confirmed: one whose matched position moves on further than this,
 * m, is a tracking artifact (a route-matching jump on a hairpin, then the position catching up at riding speed) or a
 * rider crawling up a steep ramp, not a stop, and leaves the incident. About three σ of the 5 m GPS noise.
 */
export const STOP_DRIFT_METERS = 15;
/**
 * A reported incident is remembered while one of its riders stands within this of where he stopped, m; a rider
 * stopped for a bike change may move on this far while his stop is confirmed (he rides off on the new bike).
 */
export const STILL_THERE_METERS = 30;
/**
 * A stopped rider does not go backwards: one whose matched position falls back further than this, m, is being matched
 * to the road's other leg on a hairpin (the matched distance runs backwards and the speed, never negative, reads 0).
 */
export const STOP_BACKWARD_METERS = 15;
/**
 * A stop is confirmed only on fresh evidence: the rider's position must have moved (GPS noise moves a standing
 * rider's fix by a metre or more each second) within this long, ms. A position frozen for longer is a tracker whose
 * fixes are not being taken (a hairpin's other leg refused as impossible), which later jumps ahead.
 */
export const STOP_FRESH_MS = 2_000;
/** A reported incident is forgotten this long after its riders were last seen stopped there, ms. */
const INCIDENT_KEPT_MS = 300_000;

/** One incident: where and when its first rider stopped, and who stopped there. */
export interface Incident {
  /** Numbers the incident (and its event id) in the stage. */
  readonly n: number;
  readonly fromMs: number;
  readonly distanceMeters: number;
  /** Riders stopped there now, bib order (`StoppedRider`). */
  readonly riders: readonly StoppedRider[];
  readonly reported: boolean;
  /**
   * Last time one of its riders was seen stopped there, epoch ms: a reported incident is remembered while its riders
   * stand there, so a rider standing for a long time (flickering in and out of stationary) stays one stop. Optional:
   * a state stored before it existed falls back to `fromMs`.
   */
  readonly seenMs?: number;
}

/**
 * A rider of an incident: `[bib, stopped since (epoch ms), where (m), last distance (m)?, last change (epoch ms)?,
 * wait before confirming (ms)?, how far ahead he may move meanwhile (m)?]`. The optional ones are missing in memories
 * stored before them.
 */
export type StoppedRider = readonly [number, number, number, number?, number?, number?, number?];

/** Incidents being watched or recently reported, and how many there were. */
export interface StopState {
  readonly incidents: readonly Incident[];
  readonly count: number;
  /**
   * Riders now below `SUDDEN_FROM_KMH`, `[bib, since (epoch ms)]` by bib: tells a sudden stop from a long crawl.
   * Optional: a state stored before it has none (every stop then waits the full `STOP_CONFIRM_MS`).
   */
  readonly slow?: readonly (readonly [number, number])[];
  /** Riders whose position jumped lately, `[bib, when (epoch ms)]` by bib (see `jumpedRiders`). Optional, as `slow`. */
  readonly jumps?: readonly (readonly [number, number])[];
}

/** State before anything happened. */
export const NO_STOPS: StopState = { incidents: [], count: 0 };

/** A rider whose tracker has gone quiet (a tunnel, a dead battery) is not known to have stopped: only fresh fixes count. */
function reporting(rider: SnapshotRider): boolean {
  return rider.status === 'ok' || rider.status === 'bike-change-suspected';
}

function newlyStopped(previous: readonly SnapshotRider[] | undefined, current: SnapshotCore): SnapshotRider[] {
  if (previous === undefined) return [];
  const wasStationary = new Set<number>();
  for (const r of previous) if (r.stationary || r.finished) wasStationary.add(r.bib);
  return current.riders.filter(
    (r) =>
      r.stationary &&
      reporting(r) &&
      !r.finished &&
      r.distanceMeters >= START_ZONE_METERS &&
      !wasStationary.has(r.bib) &&
      previous.some((p) => p.bib === r.bib),
  );
}

/** Advances the stop state from the previous snapshot's riders to `current`. Pure. */
export function advanceStops(
  state: StopState,
  previous: Pick<SnapshotCore, 'tMs' | 'riders'> | undefined,
  current: SnapshotCore,
): StopState {
  const previousRiders = previous?.riders;
  const t = current.tMs;
  const stoppedAt = new Map<number, number>();
  for (const r of current.riders) if (r.stationary && reporting(r)) stoppedAt.set(r.bib, r.distanceMeters);
  const slow = slowRiders(state.slow, current);
  const jumps = jumpedRiders(state.jumps, previous, current);
  const jumped = new Set(jumps.map(([b]) => b));
  const slowSince = new Map(slow);
  let count = state.count;
  const incidents: Incident[] = [];
  for (const incident of state.incidents) {
    if (incident.reported) {
      const still = incident.riders.some(
        ([b, , at]) => Math.abs((stoppedAt.get(b) ?? Infinity) - at) <= STILL_THERE_METERS,
      );
      if (still) incidents.push(incident.seenMs === t ? incident : { ...incident, seenMs: t });
      else if (t - (incident.seenMs ?? incident.fromMs) < INCIDENT_KEPT_MS) incidents.push(incident);
      continue;
    }
    const riders: StoppedRider[] = [];
    for (const entry of incident.riders) {
      const [b, since, at, last, , wait, reach] = entry;
      const now = stoppedAt.get(b);
      if (now === undefined || now - at > (reach ?? STOP_DRIFT_METERS) || at - now > STOP_BACKWARD_METERS) continue;
      riders.push(now === (last ?? at) ? entry : [b, since, at, now, t, wait, reach]);
    }
    if (riders.length === 0) continue;
    const reported = riders.some(
      ([, since, , , changed, wait]) =>
        t - since >= (wait ?? STOP_CONFIRM_MS) && t - (changed ?? since) <= STOP_FRESH_MS,
    );
    const same =
      !reported && riders.length === incident.riders.length && riders.every((r, i) => r === incident.riders[i]);
    incidents.push(same ? incident : { ...incident, riders, reported });
  }
  for (const rider of newlyStopped(previousRiders, current)) {
    // A rider of a reported incident who stops there again (after a few metres) is the same incident, not news.
    const i = incidents.findIndex(
      (x) =>
        (x.reported || t - x.fromMs <= INCIDENT_WINDOW_MS) &&
        Math.abs(x.distanceMeters - rider.distanceMeters) <= INCIDENT_RADIUS_METERS,
    );
    const joined = incidents[i];
    // A rider changes bikes standing still: a stop during a switch of device is corroborated by it, and may end
    // (the rider riding off on the new bike) before the stationary flag has held long.
    const changing = rider.status === 'bike-change-suspected';
    const sudden =
      changing ||
      (state.slow !== undefined && !jumped.has(rider.bib) && t - (slowSince.get(rider.bib) ?? t) <= SUDDEN_WITHIN_MS);
    const wait = sudden ? SUDDEN_STOP_CONFIRM_MS : STOP_CONFIRM_MS;
    const reach = changing ? STILL_THERE_METERS : STOP_DRIFT_METERS;
    const entry: StoppedRider = [rider.bib, t, rider.distanceMeters, rider.distanceMeters, t, wait, reach];
    if (joined !== undefined) {
      const others = joined.riders.filter(([b]) => b !== rider.bib);
      incidents[i] = { ...joined, riders: [...others, entry].sort((a, b) => a[0] - b[0]) };
    } else {
      count++;
      incidents.push({ n: count, fromMs: t, distanceMeters: rider.distanceMeters, riders: [entry], reported: false });
    }
  }
  const unchanged =
    incidents.length === state.incidents.length &&
    count === state.count &&
    sameIncidents(incidents, state) &&
    slow === state.slow &&
    jumps === state.jumps;
  return unchanged ? state : { incidents, count, slow, jumps };
}

/** Riders below `SUDDEN_FROM_KMH` now, with the time they went below it (kept from `slow` while they stay slow). */
function slowRiders(slow: StopState['slow'], current: SnapshotCore): readonly (readonly [number, number])[] {
  const known = new Map(slow ?? []);
  const next: (readonly [number, number])[] = [];
  for (const r of current.riders) {
    if (!r.finished && r.speedKmh < SUDDEN_FROM_KMH) next.push([r.bib, known.get(r.bib) ?? current.tMs]);
  }
  const same =
    slow !== undefined &&
    next.length === slow.length &&
    next.every(([b, x], i) => slow[i]![0] === b && slow[i]![1] === x);
  return same ? slow : next;
}

/**
 * Riders whose matched position jumped from one snapshot to the next within the last `JUMP_KEPT_MS` (back by more
 * than `STOP_BACKWARD_METERS`, or ahead faster than `JUMP_SPEED_METERS_PER_SECOND`), `[bib, when (epoch ms)]` by bib:
 * the speed they read over that time is the jump's, not theirs, so a stop of theirs is not known to be sudden.
 */
function jumpedRiders(
  jumps: StopState['jumps'],
  previous: Pick<SnapshotCore, 'tMs' | 'riders'> | undefined,
  current: SnapshotCore,
): readonly (readonly [number, number])[] {
  const t = current.tMs;
  const kept = new Map((jumps ?? []).filter(([, at]) => t - at < JUMP_KEPT_MS));
  const before = new Map((previous?.riders ?? []).map((r) => [r.bib, r.distanceMeters]));
  const aheadMax = STOP_BACKWARD_METERS + (JUMP_SPEED_METERS_PER_SECOND * (t - (previous?.tMs ?? t))) / 1_000;
  for (const r of current.riders) {
    const moved = r.distanceMeters - (before.get(r.bib) ?? r.distanceMeters);
    if (moved < -STOP_BACKWARD_METERS || moved > aheadMax) kept.set(r.bib, t);
  }
  const next = [...kept].sort((a, b) => a[0] - b[0]);
  const same =
    jumps !== undefined &&
    next.length === jumps.length &&
    next.every(([b, x], i) => jumps[i]![0] === b && jumps[i]![1] === x);
  return same ? jumps : next;
}

function sameIncidents(incidents: readonly Incident[], state: StopState): boolean {
  return incidents.every((x, i) => x === state.incidents[i]);
}

/** A crash (two or more riders) or a stop (one rider) when an incident is confirmed. */
export function stopEvents(
  previous: StopState,
  now: StopState,
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const before = new Map(previous.incidents.map((x) => [x.n, x.reported]));
  const events: RaceEvent[] = [];
  for (const incident of now.incidents) {
    if (!incident.reported || before.get(incident.n) === true) continue;
    const bibs = incident.riders.map(([b]) => b);
    const km = kmText(incident.distanceMeters);
    const names = namesText(bibs, context.riderName);
    const crash = bibs.length > 1;
    events.push(
      raceEvent(context, crash ? 'crash' : 'rider-stopped', `${incident.n}`, {
        distanceMeters: incident.distanceMeters,
        bibs,
        text: crash ? `Crash at ${km.en}: ${names.en} are down.` : `${names.en} has stopped at ${km.en}.`,
        textFr: crash ? `Chute au ${km.fr} : ${names.fr} sont à terre.` : `${names.fr} s'est arrêté au ${km.fr}.`,
      }),
    );
  }
  return events;
}
