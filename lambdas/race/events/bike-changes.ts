import type { SnapshotCore, SnapshotRider, StageSnapshot } from '../snapshot';
import { raceEvent, type EventContext } from './emit';
import { kmText } from './text';
import type { RaceEvent } from './types';

/**
 * Bike changes: the engine flags a rider `bike-change-suspected` when the rider's position moves to another device.
 * The flag can flicker while both devices report, so a rider's next bike change counts only well after the last.
 */

/** A rider's bike changes closer together than this are one change, ms. */
export const BIKE_CHANGE_MIN_INTERVAL_MS = 600_000;

/** Per rider who changed bikes: `[bib, changes so far, time of the last, epoch ms]`, by bib. */
export type BikeChangeMemory = readonly (readonly [number, number, number])[];

/** Advances the bike-change memory from the previous snapshot's riders to `current`. Pure. */
export function advanceBikeChanges(
  memory: BikeChangeMemory,
  previousRiders: readonly SnapshotRider[] | undefined,
  current: SnapshotCore,
): BikeChangeMemory {
  if (previousRiders === undefined) return memory;
  const flagged = new Set<number>();
  for (const r of previousRiders) if (r.status === 'bike-change-suspected') flagged.add(r.bib);
  let next: (readonly [number, number, number])[] | undefined;
  for (const r of current.riders) {
    if (r.status !== 'bike-change-suspected' || flagged.has(r.bib) || r.finished) continue;
    const list = (next ??= [...memory]);
    const i = list.findIndex((e) => e[0] === r.bib);
    const seen = list[i];
    if (seen === undefined) list.push([r.bib, 1, current.tMs]);
    else if (current.tMs - seen[2] >= BIKE_CHANGE_MIN_INTERVAL_MS) list[i] = [r.bib, seen[1] + 1, current.tMs];
  }
  return next === undefined ? memory : next.sort((a, b) => a[0] - b[0]);
}

/** A bike-change event for each rider whose change count went up. */
export function bikeChangeEvents(
  previous: BikeChangeMemory,
  now: BikeChangeMemory,
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
