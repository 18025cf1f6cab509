import { finishLinePassages, type PreparedRoute } from '../core/race';
import { isTimeTrial, type StageConfig, type TourConfig } from '../core/tour-config/schema';
import { stageWindowUtcMs } from '../core/tour-config/stage-times';
import { DEFAULT_FAULT_PROFILE, FAULT_PROFILES, type FaultProfile, type FaultProfileName } from './faults';
import type { PassageKind } from './ground-truth';
import { DEFAULT_RACE_DYNAMICS, type RaceDynamicsOptions } from './race-dynamics';
import type { RiderState } from './race-state';
import type { RiderProfile } from './riders';

/** The stage to simulate: the tour config, the stage and its prepared route. */
export interface StageInput {
  readonly tour: TourConfig;
  readonly stage: StageConfig;
  readonly route: PreparedRoute;
}

/** How to simulate it. Only `seed` is required; the same input and options always give the same output. */
export interface SimulationOptions {
  readonly seed: number;
  /** @default 'realistic' */
  readonly faultProfile?: FaultProfileName;
  /** Rates to change on top of the named profile (e.g. `{ gpsNoiseMeters: 8 }`). */
  readonly faultOverrides?: Partial<FaultProfile>;
  /** Changes to the race script. */
  readonly dynamics?: Partial<RaceDynamicsOptions>;
  /** Simulate only the first N riders of the start list. @default - all of them */
  readonly riderLimit?: number;
  /** Stop after this many seconds (for slices in tests and benches). @default - when the last rider has finished */
  readonly maxSeconds?: number;
  /** Make fixes and frames. @default true - false gives the ground truth alone, several times faster */
  readonly telemetry?: boolean;
  /** The relay's id in the frames. @default 'sim-relay-1' */
  readonly gateway?: string;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly faultProfileName: string;
  readonly faults: FaultProfile;
  readonly dynamics: RaceDynamicsOptions;
  readonly maxSeconds: number;
  readonly telemetry: boolean;
  readonly gateway: string;
  readonly startMs: number;
}

/** Fills in the defaults; the hard stop is twice the stage's expected duration (plus the time-trial start spread). */
export function resolveOptions(input: StageInput, options: SimulationOptions, riders: number): ResolvedOptions {
  const dynamics = { ...DEFAULT_RACE_DYNAMICS, ...options.dynamics };
  const name = options.faultProfile ?? DEFAULT_FAULT_PROFILE;
  const spread = isTimeTrial(input.stage) ? riders * dynamics.timeTrialIntervalSeconds : 0;
  const hardStop = 2 * input.stage.expectedDurationMinutes * 60 + spread;
  return {
    seed: options.seed,
    faultProfileName: options.faultOverrides ? `${name}+overrides` : name,
    faults: { ...FAULT_PROFILES[name], ...options.faultOverrides },
    dynamics,
    maxSeconds: Math.min(options.maxSeconds ?? Infinity, hardStop),
    telemetry: options.telemetry ?? true,
    gateway: options.gateway ?? 'sim-relay-1',
    startMs: stageWindowUtcMs(input.stage).startMs,
  };
}

/** Fresh state for each rider; in a time trial riders start at intervals, the best placed on GC last. */
export function initialRiders(
  profiles: readonly RiderProfile[],
  tour: TourConfig,
  stage: StageConfig,
  intervalSeconds: number,
): RiderState[] {
  const order = isTimeTrial(stage) ? timeTrialOrder(profiles, tour, stage) : null;
  return profiles.map((profile, index) => ({
    profile,
    index,
    status: order ? 'waiting' : 'racing',
    distanceMeters: 0,
    speedMs: 0,
    groupId: -1,
    slot: 0,
    energyJoules: 0,
    wPrimeJoules: profile.wPrimeJoules,
    stoppedUntilSecond: 0,
    attackUntilSecond: 0,
    inBreakaway: false,
    startSecond: order ? (order.get(profile.bib) ?? 0) * intervalSeconds : 0,
    finishSecond: null,
    bike: 0,
    powerWatts: 0,
  }));
}

function timeTrialOrder(profiles: readonly RiderProfile[], tour: TourConfig, stage: StageConfig): Map<number, number> {
  const gc = tour.gcBeforeStage.find((g) => g.stage === stage.number);
  const seconds = new Map(gc?.standings.map((s) => [s.bib, s.seconds]) ?? []);
  // Worst on GC first; without a GC, the start list backwards (its first rider, the defending leader, last).
  const ranked = profiles
    .map((p, i) => ({ bib: p.bib, key: seconds.get(p.bib) ?? Infinity, i }))
    .sort((a, b) => b.key - a.key || b.i - a.i);
  return new Map(ranked.map((r, position) => [r.bib, position]));
}

/** The lines whose passage order is ground truth: sprints and KOM summits of the config, and circuit laps. */
export function passageLines(
  stage: StageConfig,
  route: PreparedRoute,
): { kind: PassageKind; name: string; meters: number }[] {
  // Config distances are official km; the route file's length differs by up to ~1 km, so scale to the route.
  const scale = route.lengthMeters / (stage.distanceKm * 1_000);
  const clamp = (m: number): number => Math.min(route.lengthMeters - 1, Math.max(1, m));
  return [
    ...stage.sprints.map((s) => ({ kind: 'sprint' as const, name: s.name, meters: clamp(s.km * 1_000 * scale) })),
    ...stage.climbs.map((c) => ({ kind: 'kom' as const, name: c.name, meters: clamp(c.summitKm * 1_000 * scale) })),
    ...finishLinePassages(route).map((m, i) => ({
      kind: 'lap' as const,
      name: `Finish line, lap ${i + 1}`,
      meters: m,
    })),
  ];
}

/** True when the last 3 km climb more than 4 % on average: riders then attack instead of winding up a bunch sprint. */
export function hasSummitFinish(route: PreparedRoute): boolean {
  const step = route.profileStepMeters;
  const grad = route.profileGradientPercent;
  const last3km = Math.max(1, Math.round(3_000 / step));
  let rise = 0;
  for (let k = Math.max(0, grad.length - last3km); k < grad.length; k++) rise += ((grad[k] ?? 0) * step) / 100;
  return rise / (last3km * step) > 0.04;
}
