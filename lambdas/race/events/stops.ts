import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { kmText, namesText } from './text';
import type { RaceEvent } from './types';

/**
 * Riders stopping during the race. Riders who stop close together within a short time are one incident: two or
 * more is a crash, one is a stop. An incident is reported once its riders have stayed stopped for a while, so a
 * rider who only looked stopped (GPS jitter, a slow hairpin) is never reported.
 */

/** Riders stopping within this distance of an incident's first rider, m… */
export const INCIDENT_RADIUS_METERS = 250;
/** …and this long after it, ms, join the incident. */
export const INCIDENT_WINDOW_MS = 30_000;
/** An incident is reported once one of its riders has been stopped this long without moving (riders who rode on are left out), ms. */
export const STOP_CONFIRM_MS = 15_000;
/** Stops this close to the start line are riders waiting for the start, m. */
export const START_ZONE_METERS = 1_000;
/**
 * A stopped rider stays put: one whose matched position drifts further than this, m, is a tracking artifact (a
 * route-matching jump on a hairpin or a parallel road), not a stop, and leaves the incident.
 */
export const STOP_DRIFT_METERS = 30;
/** A reported incident is forgotten after this long, ms. */
const INCIDENT_MEMORY_MS = 300_000;

/** One incident: where and when its first rider stopped, and who stopped there. */
export interface Incident {
  /** Numbers the incident (and its event id) in the stage. */
  readonly n: number;
  readonly fromMs: number;
  readonly distanceMeters: number;
  /** Riders stopped there now, bib order: `[bib, stopped since (epoch ms), where (m)]`. */
  readonly riders: readonly (readonly [number, number, number])[];
  readonly reported: boolean;
}

/** Incidents being watched or recently reported, and how many there were. */
export interface StopMemory {
  readonly incidents: readonly Incident[];
  readonly count: number;
}

/** Memory before anything happened. */
export const NO_STOPS: StopMemory = { incidents: [], count: 0 };

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

/** Advances the stop memory from the previous snapshot's riders to `current`. Pure. */
export function advanceStops(
  memory: StopMemory,
  previousRiders: readonly SnapshotRider[] | undefined,
  current: SnapshotCore,
): StopMemory {
  const t = current.tMs;
  const stoppedAt = new Map<number, number>();
  for (const r of current.riders) if (r.stationary && reporting(r)) stoppedAt.set(r.bib, r.distanceMeters);
  let count = memory.count;
  const incidents: Incident[] = [];
  for (const incident of memory.incidents) {
    if (incident.reported) {
      if (t - incident.fromMs < INCIDENT_MEMORY_MS) incidents.push(incident);
      continue;
    }
    const riders = incident.riders.filter(
      ([b, , at]) => Math.abs((stoppedAt.get(b) ?? Infinity) - at) <= STOP_DRIFT_METERS,
    );
    if (riders.length === 0) continue;
    const reported = riders.some(([, since]) => t - since >= STOP_CONFIRM_MS);
    incidents.push(
      riders.length === incident.riders.length && !reported ? incident : { ...incident, riders, reported },
    );
  }
  for (const rider of newlyStopped(previousRiders, current)) {
    // A rider of a reported incident who stops there again (after a few metres) is the same incident, not news.
    const i = incidents.findIndex(
      (x) =>
        (x.reported || t - x.fromMs <= INCIDENT_WINDOW_MS) &&
        Math.abs(x.distanceMeters - rider.distanceMeters) <= INCIDENT_RADIUS_METERS,
    );
    const joined = incidents[i];
    const entry = [rider.bib, t, rider.distanceMeters] as const;
    if (joined !== undefined) {
      const others = joined.riders.filter(([b]) => b !== rider.bib);
      incidents[i] = { ...joined, riders: [...others, entry].sort((a, b) => a[0] - b[0]) };
    } else {
      count++;
      incidents.push({ n: count, fromMs: t, distanceMeters: rider.distanceMeters, riders: [entry], reported: false });
    }
  }
  return incidents.length === memory.incidents.length && count === memory.count && sameIncidents(incidents, memory)
    ? memory
    : { incidents, count };
}

function sameIncidents(incidents: readonly Incident[], memory: StopMemory): boolean {
  return incidents.every((x, i) => x === memory.incidents[i]);
}

/** A crash (two or more riders) or a stop (one rider) when an incident is confirmed. */
export function stopEvents(
  previous: StopMemory,
  now: StopMemory,
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
