import type { VehicleConfig } from '../core/tour-config/schema';
import { groupTailMeters, type Group } from './race-state';

/** Fastest a race vehicle closes on its place in the convoy, m/s (~90 km/h). */
const MAX_VEHICLE_SPEED_MS = 25;

/** Where the race is this second, as the convoy sees it; distances in m from the start. */
export interface RaceExtent {
  /** Front of the race (first rider still racing). */
  readonly headMeters: number;
  /** Last rider still racing or stopped by the road. */
  readonly lastMeters: number;
  /** Groups on the road, front first. */
  readonly groups: readonly Group[];
  /** The biggest group (the peloton), if any. */
  readonly main: Group | null;
}

/** One race vehicle and where it is. */
export interface VehicleState {
  readonly config: VehicleConfig;
  /** Rank among vehicles of the same kind, in config order. */
  readonly rank: number;
  distanceMeters: number;
}

/** Puts every vehicle of the config at the start, ranked within its kind. */
export function placeVehicles(vehicles: readonly VehicleConfig[]): VehicleState[] {
  const ranks = new Map<string, number>();
  return vehicles.map((config) => {
    const rank = ranks.get(config.kind) ?? 0;
    ranks.set(config.kind, rank + 1);
    return { config, rank, distanceMeters: 0 };
  });
}

/**
 * Moves each vehicle one second toward its place in the convoy: the red-flag car a kilometre ahead of the race,
 * motorbikes with the groups, neutral service behind the leaders, team cars in a line behind the peloton and the
 * broom wagon behind the last rider. Vehicles only move forward and at most `MAX_VEHICLE_SPEED_MS`; a vehicle whose
 * place falls behind it pulls over and waits.
 */
export function moveVehicles(vehicles: readonly VehicleState[], race: RaceExtent, routeLengthMeters: number): void {
  for (const vehicle of vehicles) {
    const target = Math.min(routeLengthMeters, Math.max(0, targetMeters(vehicle, race)));
    const step = Math.min(Math.max(target - vehicle.distanceMeters, 0), MAX_VEHICLE_SPEED_MS);
    vehicle.distanceMeters += step;
  }
}

function targetMeters(vehicle: VehicleState, race: RaceExtent): number {
  const { rank } = vehicle;
  const lead = race.groups[0];
  const leadTail = lead ? groupTailMeters(lead) : race.headMeters;
  const mainTail = race.main ? groupTailMeters(race.main) : race.lastMeters;
  switch (vehicle.config.kind) {
    case 'red-flag-car':
      return race.headMeters + 1_000;
    case 'race-director':
      return race.headMeters + 300 + 100 * rank;
    case 'motorbike': {
      // TV and commissaire motorbikes split between the first groups, riding just ahead of them.
      const group = race.groups[rank % Math.max(1, Math.min(race.groups.length, 4))];
      return (group?.headMeters ?? race.headMeters) + 25 + 20 * Math.floor(rank / 4);
    }
    case 'neutral-service':
      return (rank % 2 === 0 ? leadTail : mainTail) - 40 - 30 * rank;
    case 'team-car':
      return mainTail - 80 - 20 * rank;
    case 'broom-wagon':
      return race.lastMeters - 150;
  }
}
