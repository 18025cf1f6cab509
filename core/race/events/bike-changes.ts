import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { kmText } from './text';
import type { RaceEvent } from './types';

/**
 * Bike changes: the engine flags a rider `bike-change-suspected` when the rider's position moves to another device.
 * A rider changes bikes standing still, so a flag counts only once the rider is seen stopped soon after it: a switch
 * to the old bike on a moving team car (a tracker late for a few seconds) is not a bike change. The flag can flicker
 * while both devices report, so a rider's next bike change counts only well after the last.
 */

/** A rider's bike changes closer together than this are one change, ms. */
export const BIKE_CHANGE_MIN_INTERVAL_MS = 600_000;
/** A flag counts as a bike change when the rider is seen stopped within this long of it, ms. */
export const BIKE_CHANGE_CONFIRM_MS = 60_000;
/**
 * At or below this speed, km/h, a rider is stopping for the new bike. The speed is a 15 s slope, so it reads a few
 * km/h for a while after the wheels stopped; the stationary flag comes later still.
 */
export const BIKE_CHANGE_STOP_KMH = 5;

/** A switch to a device more than this behind the rider's last position, m, is not a bike change. */
export const SWITCH_BACK_METERS = 15;

/**
 * Per rider with a bike change, reported or being confirmed, by bib: `[bib, changes so far, time of the last (epoch
 * ms), time of a flag not yet confirmed (epoch ms)]`. The fourth element is optional: memories stored before it have
 * three.
 */
export type BikeChangeState = readonly (readonly [number, number, number, number?])[];

const stopping = (r: SnapshotRider): boolean => r.stationary || r.speedKmh <= BIKE_CHANGE_STOP_KMH;

/** Advances the bike-change state from the previous snapshot's riders to `current`. Pure. */
export function advanceBikeChanges(
  state: BikeChangeState,
  previousRiders: readonly SnapshotRider[] | undefined,
  current: SnapshotCore,
): BikeChangeState {
  if (previousRiders === undefined) return state;
  const t = current.tMs;
  const flagged = new Set<number>();
  const before = new Map<number, number>();
  for (const r of previousRiders) {
    if (r.status === 'bike-change-suspected') flagged.add(r.bib);
    before.set(r.bib, r.distanceMeters);
  }
  const pending = new Set<number>();
  for (const e of state) if (e[3] !== undefined) pending.add(e[0]);
  let next: (readonly [number, number, number, number?])[] | undefined;
  for (const r of current.riders) {
    const rises = r.status === 'bike-change-suspected' && !flagged.has(r.bib) && !r.finished;
    if (!rises && !pending.has(r.bib)) continue;
    const list = (next ??= [...state]);
    const i = list.findIndex((e) => e[0] === r.bib);
    const seen = list[i];
    const changes = seen?.[1] ?? 0;
    const last = seen?.[2] ?? 0;
    let since = seen?.[3];
    // A device behind where the rider was is an old bike riding on in a team car, not the rider's new bike.
    const behind = (before.get(r.bib) ?? r.distanceMeters) - r.distanceMeters > SWITCH_BACK_METERS;
    const opens = rises && !behind && (changes === 0 || t - last >= BIKE_CHANGE_MIN_INTERVAL_MS);
    if (since === undefined && opens) since = t;
    if (since === undefined) continue;
    let entry: readonly [number, number, number, number?];
    // The stop must be seen after the switch: at the switch itself a jump back reads as a speed of 0.
    if (t > since && stopping(r) && !r.finished) entry = [r.bib, changes + 1, since];
    else if (t - since > BIKE_CHANGE_CONFIRM_MS || r.finished) entry = [r.bib, changes, last];
    else entry = [r.bib, changes, last, since];
    if (i < 0) list.push(entry);
    else list[i] = entry;
  }
  if (next === undefined) return state;
  // A flag that came to nothing leaves no trace for a rider without a bike change.
  return next.filter((e) => e[1] > 0 || e[3] !== undefined).sort((a, b) => a[0] - b[0]);
}

/** A bike-change event for each rider whose change count went up. */
export function bikeChangeEvents(
  previous: BikeChangeState,
  now: BikeChangeState,
  current: StageSnapshot,
  context: EventContext,
): RaceEvent[] {
  const before = new Map(previous.map((e) => [e[0], e[1]]));
  const events: RaceEvent[] = [];
  for (const [bib, changes] of now) {
    if (changes <= (before.get(bib) ?? 0)) continue;
    const rider = current.riders.find((r) => r.bib === bib);
    const distanceMeters = rider?.distanceMeters ?? 0;
    const km = kmText(distanceMeters);
    const name = context.riderName(bib);
    events.push(
      raceEvent(context, 'bike-change', `${bib}-${changes}`, {
        distanceMeters,
        bibs: [bib],
        text: `${name} changes bikes at ${km.en}.`,
        textFr: `${name} change de vélo au ${km.fr}.`,
      }),
    );
  }
  return events;
}
