import { isTimeTrial, type StageConfig } from '../core/tour-config/schema';
import type { Rng } from './random';
import type { Group, RiderState } from './race-state';
import { riderMassKg } from './riders';

/** The knobs of the race script; every one has a default suited to a Tour stage. */
export interface RaceDynamicsOptions {
  /** Smallest and largest early breakaway. @default [2, 8] - the range */
  readonly breakawaySize: readonly [number, number];
  /** Where the breakaway goes, km from the start. @default [5, 30] */
  readonly breakawayKm: readonly [number, number];
  /** Chance that the breakaway is caught, by stage type. @default flat 0.85, hilly 0.6, mountain 0.7 */
  readonly catchChance: Readonly<Record<'flat' | 'hilly' | 'mountain', number>>;
  /** Largest gap the peloton allows, s. @default [150, 420] */
  readonly maxGapSeconds: readonly [number, number];
  /** Where a doomed breakaway is caught, km before the finish. @default [3, 25] */
  readonly catchKmToGo: readonly [number, number];
  /** Peloton cruising effort on the flat, W/kg of the pullers. @default 3.1 */
  readonly tempoWPerKg: number;
  /** Extra peloton effort per minute of gap above the target, W/kg. @default 1 */
  readonly chaseGainWPerKgPerMinute: number;
  /** Hardest the peloton chases, W/kg. @default 5 */
  readonly maxChaseWPerKg: number;
  /** Share of the strongest member's threshold that sets a peloton's pace on a climb, far from and near the finish. @default [0.83, 0.9] */
  readonly climbPaceShare: readonly [far: number, near: number];
  /** A climb counts as "near the finish" within this many km to go. @default 30 */
  readonly finaleKm: number;
  /** Chance per second of an attack while the leading group climbs (≥ 5 %) within `attackWindowKm` of the finish. @default 1/200 */
  readonly attackRatePerSecond: number;
  /** Attacks happen within this many km of the finish. @default 60 */
  readonly attackWindowKm: number;
  /** Most attacks in a stage. @default 8 */
  readonly maxAttacks: number;
  /** How long an attacker rides above threshold, s. @default [45, 150] */
  readonly attackSeconds: readonly [number, number];
  /**
   * Chance of a crash in a stage, riders involved, how long they stay down (s), and where it may happen, km from the
   * start (the fault suite brings it into its short window). @default where: 10–90 % of the route
   */
  readonly crash: {
    readonly chance: number;
    readonly riders: readonly [number, number];
    readonly stopSeconds: readonly [number, number];
    readonly atKm?: readonly [number, number];
  };
  /** Chance of a mechanical with a bike change, how long the change takes (s), and where. @default where: 5–90 % */
  readonly mechanical: {
    readonly chance: number;
    readonly stopSeconds: readonly [number, number];
    readonly atKm?: readonly [number, number];
  };
  /** Sprinters open their sprint this far from the line, m. @default 250 */
  readonly sprintMeters: number;
  /** Time between two riders' starts in a time trial, s. @default 60 */
  readonly timeTrialIntervalSeconds: number;
}

/** Defaults for every knob of the race script. */
export const DEFAULT_RACE_DYNAMICS: RaceDynamicsOptions = {
  breakawaySize: [2, 8],
  breakawayKm: [5, 30],
  catchChance: { flat: 0.85, hilly: 0.6, mountain: 0.7 },
  maxGapSeconds: [150, 420],
  catchKmToGo: [3, 25],
  tempoWPerKg: 3.1,
  chaseGainWPerKgPerMinute: 1,
  maxChaseWPerKg: 5,
  climbPaceShare: [0.83, 0.9],
  finaleKm: 30,
  attackRatePerSecond: 1 / 200,
  attackWindowKm: 60,
  maxAttacks: 8,
  attackSeconds: [45, 150],
  crash: { chance: 0.7, riders: [1, 5], stopSeconds: [30, 180] },
  mechanical: { chance: 0.8, stopSeconds: [15, 40] },
  sprintMeters: 250,
  timeTrialIntervalSeconds: 60,
};

/** The day's script, drawn from the seed before the start. Distances in m from the start. */
export interface RacePlan {
  readonly timeTrial: boolean;
  readonly breakaway: {
    readonly atMeters: number;
    readonly size: number;
    readonly caught: boolean;
    readonly maxGapSeconds: number;
    /** Where the peloton starts to control the gap. */
    readonly controlFromMeters: number;
    /** Where the peloton plans to catch it (past the finish when the breakaway is meant to win). */
    readonly catchAtMeters: number;
  } | null;
  readonly crash: { readonly atMeters: number; readonly riders: number } | null;
  readonly mechanical: { readonly atMeters: number } | null;
}

/** Draws the day's script for a stage of `lengthMeters`. */
export function planRace(stage: StageConfig, lengthMeters: number, options: RaceDynamicsOptions, rng: Rng): RacePlan {
  // Team time trials are simulated as individual ones: no drafting, staggered starts.
  const timeTrial = isTimeTrial(stage);
  const kind = stage.type === 'flat' || stage.type === 'hilly' || stage.type === 'mountain' ? stage.type : 'flat';
  const longEnough = lengthMeters > 60_000;
  const atMeters = rng.between(options.breakawayKm[0], options.breakawayKm[1]) * 1_000;
  const caught = rng.chance(options.catchChance[kind]);
  const catchAtMeters = caught
    ? lengthMeters - rng.between(options.catchKmToGo[0], options.catchKmToGo[1]) * 1_000
    : lengthMeters + 50_000;
  const breakaway = {
    atMeters,
    size: rng.int(options.breakawaySize[0], options.breakawaySize[1]),
    caught,
    maxGapSeconds: rng.between(options.maxGapSeconds[0], options.maxGapSeconds[1]),
    controlFromMeters: atMeters + 0.3 * (lengthMeters - atMeters),
    catchAtMeters,
  };
  const crashes = rng.chance(options.crash.chance);
  const crash = {
    atMeters: placeOnRoute(rng, options.crash.atKm, [0.1, 0.9], lengthMeters),
    riders: rng.int(options.crash.riders[0], options.crash.riders[1]),
  };
  const mechanical = rng.chance(options.mechanical.chance)
    ? { atMeters: placeOnRoute(rng, options.mechanical.atKm, [0.05, 0.9], lengthMeters) }
    : null;
  return {
    timeTrial,
    breakaway: !timeTrial && longEnough ? breakaway : null,
    crash: !timeTrial && crashes ? crash : null,
    mechanical,
  };
}

/** A place for a scripted moment, m: within `atKm` when given, else within `share` of the route (one draw either way). */
function placeOnRoute(
  rng: Rng,
  atKm: readonly [number, number] | undefined,
  share: readonly [number, number],
  lengthMeters: number,
): number {
  return atKm ? rng.between(atKm[0], atKm[1]) * 1_000 : rng.between(share[0], share[1]) * lengthMeters;
}

/** A rider's threshold power now, W: FTP less the fatigue of the work done so far. */
export function currentThresholdWatts(rider: RiderState): number {
  const fatigue = rider.profile.fatiguePerMegajoule * (rider.energyJoules / 1e6);
  return rider.profile.ftpWatts * Math.max(0.75, 1 - fatigue);
}

/** A rider's threshold now, W/kg of rider mass. */
export function currentThresholdWPerKg(rider: RiderState): number {
  return currentThresholdWatts(rider) / riderMassKg(rider.profile);
}

/** What a group's pace depends on besides its members. */
export interface PaceContext {
  readonly second: number;
  readonly gradientPercent: number;
  readonly kmToGo: number;
  /** Gap from the breakaway's head to this group's head, s, when a breakaway is up the road. */
  readonly breakawayGapSeconds: number | null;
  /** The gap the peloton wants now, s (from the plan), when a breakaway is up the road. */
  readonly targetGapSeconds: number | null;
  /** Expected duration of a time-trial ride, s. */
  readonly timeTrialSeconds: number;
  readonly summitFinish: boolean;
  /** Time from the back of this group to the front of the next group behind, s, or null when none follows. */
  readonly gapBehindSeconds: number | null;
}

const CLIMB_PERCENT = 3;
/** A dropped rider waits for the group behind when it is this close, s. */
const WAIT_FOR_COMPANY_SECONDS = 40;
/** How long a new breakaway rides flat out to make its gap, s. */
const BREAKAWAY_ESTABLISH_SECONDS = 600;
const DESCENT_PERCENT = -3;
/** Effort on a descent, W/kg: riders pedal little and gravity does the rest. */
const DESCENT_WPERKG = 1.5;

/**
 * The power the riders on the front of a group put out, W/kg: the race's tactics in one function.
 * The peloton rides tempo and chases the breakaway to the plan's target gap, then winds up for the sprint;
 * on climbs the strongest rider's team sets a share of his threshold, which drops the weaker riders.
 * Breakaways ride near threshold; attackers above it while their attack lasts; dropped riders at their own pace.
 */
export function paceWPerKg(group: Group, ctx: PaceContext, options: RaceDynamicsOptions): number {
  const climbing = ctx.gradientPercent >= CLIMB_PERCENT;
  const descending = ctx.gradientPercent <= DESCENT_PERCENT;
  const weakest = minThreshold(group.members);
  switch (group.kind) {
    case 'solo': {
      const rider = group.members[0];
      if (!rider) return weakest;
      // Power-duration: a rider can spend W′ on top of threshold over a ride of known length.
      const share = 1 + rider.profile.wPrimeJoules / (currentThresholdWatts(rider) * ctx.timeTrialSeconds);
      return weakest * (descending ? 0.6 : Math.min(1.1, share));
    }
    case 'attack': {
      const attacking = group.members.some((r) => ctx.second < r.attackUntilSecond);
      return weakest * (attacking ? 1.12 : 0.95);
    }
    case 'breakaway':
      // The first minutes of a breakaway are full gas: the gap has to be made before the peloton lets it go.
      if (ctx.second - group.formedSecond < BREAKAWAY_ESTABLISH_SECONDS) return meanThreshold(group.members) * 0.95;
      if (descending) return DESCENT_WPERKG + 0.5;
      return meanThreshold(group.members) * (climbing ? 0.88 : ctx.kmToGo < 10 ? 0.88 : 0.8);
    case 'dropped':
      // Dropped riders with company close behind sit up and wait: together they ride faster to the finish.
      if (ctx.gapBehindSeconds !== null && ctx.gapBehindSeconds < WAIT_FOR_COMPANY_SECONDS) return weakest * 0.6;
      if (descending) return DESCENT_WPERKG + 0.5;
      return weakest * (climbing ? 0.9 : 0.85);
    case 'grupetto':
      if (descending) return DESCENT_WPERKG;
      return weakest * (climbing ? 0.82 : 0.78);
    case 'peloton':
      return pelotonPace(group, ctx, options, climbing, descending);
  }
}

function pelotonPace(
  group: Group,
  ctx: PaceContext,
  options: RaceDynamicsOptions,
  climbing: boolean,
  descending: boolean,
): number {
  let flat = options.tempoWPerKg;
  if (ctx.breakawayGapSeconds !== null && ctx.targetGapSeconds !== null) {
    const excessMinutes = (ctx.breakawayGapSeconds - ctx.targetGapSeconds) / 60;
    flat = Math.min(
      options.maxChaseWPerKg,
      Math.max(options.tempoWPerKg - 0.4, flat + options.chaseGainWPerKgPerMinute * excessMinutes),
    );
  }
  if (ctx.kmToGo < 10 && !ctx.summitFinish) flat = Math.max(flat, 3.3 + 1.3 * (1 - ctx.kmToGo / 10));
  if (descending) return Math.min(flat, DESCENT_WPERKG);
  if (!climbing) return flat;
  const share = ctx.kmToGo < options.finaleKm ? options.climbPaceShare[1] : options.climbPaceShare[0];
  return Math.max(flat, share * maxThreshold(group.members));
}

function minThreshold(riders: readonly RiderState[]): number {
  let min = Infinity;
  for (const r of riders) min = Math.min(min, currentThresholdWPerKg(r));
  return min;
}

function maxThreshold(riders: readonly RiderState[]): number {
  let max = 0;
  for (const r of riders) max = Math.max(max, currentThresholdWPerKg(r));
  return max;
}

function meanThreshold(riders: readonly RiderState[]): number {
  let sum = 0;
  for (const r of riders) sum += currentThresholdWPerKg(r);
  return sum / riders.length;
}

/** When the plan says the breakaway is caught, the peloton chases all out from this far before the catch point, m. */
const ALL_OUT_CHASE_METERS = 15_000;

/**
 * The gap the peloton aims for, s, with its head at `pelotonHeadMeters` (the plan's gap curve): the maximum gap until
 * it takes control, then down to zero before the catch point; from there it chases all out until the catch.
 * When the breakaway is meant to win, the peloton only holds it at the maximum gap.
 */
export function targetGapSeconds(plan: NonNullable<RacePlan['breakaway']>, pelotonHeadMeters: number): number {
  if (pelotonHeadMeters < plan.controlFromMeters || !plan.caught) return plan.maxGapSeconds;
  const allOutFrom = Math.max(plan.controlFromMeters + 1, plan.catchAtMeters - ALL_OUT_CHASE_METERS);
  if (pelotonHeadMeters >= allOutFrom) return -600;
  const done = (pelotonHeadMeters - plan.controlFromMeters) / (allOutFrom - plan.controlFromMeters);
  return plan.maxGapSeconds * (1 - done);
}
