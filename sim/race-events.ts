import type { TruthEvent } from './ground-truth';
import { round } from './ground-truth';
import { formGroup, type GroupIds } from './groups';
import type { RaceDynamicsOptions, RacePlan } from './race-dynamics';
import { currentThresholdWPerKg } from './race-dynamics';
import type { Group, RiderState } from './race-state';
import type { Rng } from './random';

/** A bike change the orchestrator must apply to the devices: the rider's tracker changes. */
export interface BikeChange {
  readonly rider: RiderState;
}

/** Gradient from which the leading group's strongest riders attack, %. */
const ATTACK_GRADIENT_PERCENT = 5;

/**
 * The day's scripted moments, fired when the race reaches them: the early breakaway, the crash, the mechanical
 * with a bike change, and attacks on the climbs of the finale. Mutates the groups; returns what happened.
 */
export class RaceScript {
  private breakawayFormed = false;
  private crashed = false;
  private mechanicalDone = false;
  private attacks = 0;

  constructor(
    private readonly plan: RacePlan,
    private readonly options: RaceDynamicsOptions,
    private readonly rng: Rng,
    private readonly ids: GroupIds,
    private readonly routeLengthMeters: number,
  ) {}

  /** Fires whatever the race reached this second. New groups are appended to `groups`. */
  apply(second: number, tMs: number, groups: Group[], main: Group | null, bikeChanges: BikeChange[]): TruthEvent[] {
    const events: TruthEvent[] = [];
    if (main && !this.plan.timeTrial) {
      this.breakaway(second, tMs, groups, main, events);
      this.crash(second, tMs, main, events);
      this.attack(second, tMs, groups, events);
    }
    this.mechanical(second, tMs, groups, main, events, bikeChanges);
    return events;
  }

  private breakaway(second: number, tMs: number, groups: Group[], main: Group, events: TruthEvent[]): void {
    const plan = this.plan.breakaway;
    if (!plan || this.breakawayFormed || main.headMeters < plan.atMeters) return;
    this.breakawayFormed = true;
    const candidates = this.rng.shuffled(
      main.members.filter((r) => r.profile.role !== 'leader' && r.profile.role !== 'sprinter'),
    );
    const riders = candidates.slice(0, Math.min(plan.size, main.members.length - 1));
    if (riders.length === 0) return;
    leave(main, riders);
    riders.forEach((r) => (r.inBreakaway = true));
    groups.push(
      formGroup(
        this.ids,
        riders,
        'breakaway',
        second,
        main.speedMs + 1.5,
        main.headMeters - Math.max(...riders.map((r) => r.distanceMeters)) + 5,
      ),
    );
    events.push({ type: 'breakaway-formed', t: tMs, km: km(main.headMeters), bibs: bibs(riders) });
  }

  private crash(second: number, tMs: number, main: Group, events: TruthEvent[]): void {
    const plan = this.plan.crash;
    if (!plan || this.crashed || main.headMeters < plan.atMeters || main.members.length < plan.riders + 1) return;
    this.crashed = true;
    // Crashes take down riders who ride next to each other: the ones nearest a random place in the bunch.
    const place = this.rng.float();
    const riders = [...main.members]
      .sort((a, b) => Math.abs(a.slot - place) - Math.abs(b.slot - place))
      .slice(0, plan.riders);
    leave(main, riders);
    const { stopSeconds } = this.options.crash;
    const stops = riders.map((r) => {
      const stop = this.rng.int(stopSeconds[0], stopSeconds[1]);
      stopRider(r, second + stop);
      return stop;
    });
    events.push({
      type: 'crash',
      t: tMs,
      km: km(riders[0]?.distanceMeters ?? main.headMeters),
      bibs: bibs(riders),
      stopSeconds: stops,
    });
  }

  private mechanical(
    second: number,
    tMs: number,
    groups: Group[],
    main: Group | null,
    events: TruthEvent[],
    bikeChanges: BikeChange[],
  ): void {
    const plan = this.plan.mechanical;
    if (!plan || this.mechanicalDone) return;
    // In a time trial the first rider to reach the spot has the mechanical; on the road, a rider of the peloton.
    const pool = this.plan.timeTrial
      ? groups.find((g) => g.headMeters >= plan.atMeters)
      : main && main.headMeters >= plan.atMeters
        ? main
        : undefined;
    if (!pool || pool.members.length === 0) return;
    this.mechanicalDone = true;
    const rider = this.plan.timeTrial ? (pool.members[0] as RiderState) : this.rng.pick(pool.members);
    leave(pool, [rider]);
    const stop = this.rng.int(this.options.mechanical.stopSeconds[0], this.options.mechanical.stopSeconds[1]);
    stopRider(rider, second + stop);
    events.push({
      type: 'mechanical',
      t: tMs,
      km: km(rider.distanceMeters),
      bib: rider.profile.bib,
      stopSeconds: stop,
    });
    bikeChanges.push({ rider });
  }

  private attack(second: number, tMs: number, groups: Group[], events: TruthEvent[]): void {
    const { options, rng } = this;
    if (this.attacks >= options.maxAttacks) return;
    const group = groups.find((g) => g.members.length >= 3 && (g.kind === 'peloton' || g.kind === 'breakaway'));
    if (!group || group.sprinting) return;
    if ((this.routeLengthMeters - group.headMeters) / 1_000 > options.attackWindowKm) return;
    if (group.gradientPercent < ATTACK_GRADIENT_PERCENT || !rng.chance(options.attackRatePerSecond)) return;
    const fresh = group.members
      .filter(
        (r) =>
          (r.profile.role === 'leader' || r.profile.role === 'climber') &&
          r.wPrimeJoules >= 0.8 * r.profile.wPrimeJoules,
      )
      .sort((a, b) => currentThresholdWPerKg(b) - currentThresholdWPerKg(a))
      .slice(0, 3);
    if (fresh.length === 0) return;
    const rider = rng.pick(fresh);
    this.attacks++;
    leave(group, [rider]);
    rider.attackUntilSecond = second + rng.int(options.attackSeconds[0], options.attackSeconds[1]);
    groups.push(
      formGroup(this.ids, [rider], 'attack', second, group.speedMs + 0.8, group.headMeters - rider.distanceMeters + 2),
    );
    events.push({ type: 'attack', t: tMs, km: km(group.headMeters), bib: rider.profile.bib });
  }
}

/** Takes riders out of a group. */
export function leave(group: Group, riders: readonly RiderState[]): void {
  group.members = group.members.filter((r) => !riders.includes(r));
}

function stopRider(rider: RiderState, untilSecond: number): void {
  rider.status = 'stopped';
  rider.stoppedUntilSecond = untilSecond;
  rider.groupId = -1;
  rider.speedMs = 0;
}

function bibs(riders: readonly RiderState[]): number[] {
  return riders.map((r) => r.profile.bib);
}

function km(meters: number): number {
  return round(meters / 1_000, 1e3);
}
