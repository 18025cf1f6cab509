import { pointAtDistance, profileAtDistance, type PreparedRoute } from '../core/race';
import type { TourConfig } from '../core/tour-config/schema';
import type { WireFrame } from '../core/wire/wire-frame';
import { round, type TruthEvent } from './ground-truth';
import type { MeshRelay } from './mesh';
import type { RiderState } from './race-state';
import type { TrackerFleet } from './telemetry';
import type { VehicleState } from './vehicles';

/** A rider's tracker reports this long after the finish (riders roll on to the team buses), s. */
const AFTER_FINISH_SECONDS = 60;

/** A time-trial rider's tracker is switched on this long before the rider's start, s. */
const BEFORE_START_SECONDS = 60;

/** Whom a tracker belongs to in the config: a rider's bike (0 = race bike, 1 = first spare) or a vehicle. */
export type TrackerOwner =
  | { readonly kind: 'rider'; readonly rider: RiderState; readonly bike: number }
  | { readonly kind: 'vehicle'; readonly vehicle: VehicleState };

/** What physically carries a tracker now: its rider, a vehicle (a spare bike on a team car's roof), or nothing (off). */
export type TrackerCarrier =
  | { readonly kind: 'rider'; readonly rider: RiderState }
  | { readonly kind: 'vehicle'; readonly vehicle: VehicleState }
  | null;

/** One tracker of the stage. */
export interface Tracker {
  readonly device: string;
  readonly owner: TrackerOwner;
  carrier: TrackerCarrier;
}

/**
 * The stage's trackers from the config's device assignments valid at the start: each rider's devices in id order
 * (TRK-<bib>-A on the race bike, -B on the spare, which stays switched off until a bike change), each vehicle's own.
 */
export function deviceTrackers(
  tour: TourConfig,
  riders: readonly RiderState[],
  vehicles: readonly VehicleState[],
  startMs: number,
): Tracker[] {
  const valid = tour.devices
    .filter((d) => Date.parse(d.validFrom) <= startMs && (d.validTo === null || Date.parse(d.validTo) > startMs))
    .sort((a, b) => a.device.localeCompare(b.device));
  const trackers: Tracker[] = [];
  for (const rider of riders) {
    const own = valid.filter((d) => d.owner.kind === 'rider' && d.owner.bib === rider.profile.bib);
    own.forEach((d, bike) =>
      trackers.push({
        device: d.device,
        owner: { kind: 'rider', rider, bike },
        carrier: bike === 0 ? { kind: 'rider', rider } : null,
      }),
    );
  }
  for (const vehicle of vehicles) {
    const own = valid.find((d) => d.owner.kind === 'vehicle' && d.owner.id === vehicle.config.id);
    if (own)
      trackers.push({ device: own.device, owner: { kind: 'vehicle', vehicle }, carrier: { kind: 'vehicle', vehicle } });
  }
  return trackers;
}

/**
 * A bike change: the rider takes the spare (its tracker switches on) and the race bike goes onto the team car's roof
 * (its tracker keeps reporting, from the car). Returns the device-swap event, or nothing when the rider has no spare.
 */
export function swapDevice(
  rider: RiderState,
  trackers: readonly Tracker[],
  vehicles: readonly VehicleState[],
  tMs: number,
): TruthEvent[] {
  const mine = trackers.filter((t) => t.owner.kind === 'rider' && t.owner.rider === rider);
  const from = mine.find((t) => t.owner.kind === 'rider' && t.owner.bike === rider.bike);
  const to = mine.find((t) => t.owner.kind === 'rider' && t.owner.bike === rider.bike + 1);
  if (!from || !to) return [];
  rider.bike++;
  const car = vehicles.find((v) => v.config.kind === 'team-car' && v.config.team === rider.profile.team);
  from.carrier = car ? { kind: 'vehicle', vehicle: car } : null;
  to.carrier = { kind: 'rider', rider };
  return [
    {
      type: 'device-swap',
      t: tMs,
      km: round(rider.distanceMeters / 1_000, 1e3),
      bib: rider.profile.bib,
      fromDevice: from.device,
      toDevice: to.device,
    },
  ];
}

/** The distance along the route of a tracker this second, m, or null when it is not reporting. */
export function trackedDistance(tracker: Tracker, second: number): number | null {
  const carrier = tracker.carrier;
  if (!carrier) return null;
  if (carrier.kind === 'vehicle') return carrier.vehicle.distanceMeters;
  const rider = carrier.rider;
  if (rider.status === 'waiting' && second < rider.startSecond - BEFORE_START_SECONDS) return null;
  if (rider.status === 'finished' && second > (rider.finishSecond ?? 0) + AFTER_FINISH_SECONDS) return null;
  return rider.distanceMeters;
}

/** Every reporting tracker's fix of this second goes into the mesh; returns the frames the relay sends. */
export function telemetry(
  trackers: readonly Tracker[],
  fleet: TrackerFleet,
  mesh: MeshRelay,
  route: PreparedRoute,
  second: number,
): WireFrame[] {
  for (const tracker of trackers) {
    const distance = trackedDistance(tracker, second);
    if (distance === null) continue;
    const at = Math.min(Math.max(distance, 0), route.lengthMeters);
    const { lat, lon } = pointAtDistance(route, at);
    const alt = profileAtDistance(route, at).altitudeMeters;
    const fix = fleet.fix(tracker.device, second, { lat, lon, alt, distanceMeters: at });
    if (fix) mesh.send(fix, second);
  }
  return mesh.deliver(second);
}
