import { profileAtDistance } from '../core/race';
import type { WireFrame } from '../core/wire/wire-frame';
import { emptyFaultCounts, type FaultCounts } from './faults';
import {
  PassageRecorder,
  round,
  type TruthEvent,
  type TruthHeader,
  type TruthSecond,
  type TruthSummary,
} from './ground-truth';
import { CONVOY_LENGTH_METERS, formGroup, GroupIds, rideOneSecond } from './groups';
import { MeshRelay } from './mesh';
import { paceWPerKg, planRace, targetGapSeconds, type RacePlan } from './race-dynamics';
import { RaceScript, type BikeChange } from './race-events';
import { groupTailMeters, type Group, type RiderState } from './race-state';
import { streamFor } from './random';
import { riderProfiles } from './riders';
import {
  hasSummitFinish,
  initialRiders,
  passageLines,
  resolveOptions,
  type SimulationOptions,
  type StageInput,
} from './stage-setup';
import { placeTunnels, TrackerFleet } from './telemetry';
import { moveVehicles, placeVehicles, type VehicleState } from './vehicles';
import {
  finishEvents,
  finishRider,
  largestGroup,
  raceExtent,
  regroupEvents,
  removeEmptyGroups,
  startAndRestart,
  summary,
  truthSecond,
} from './stage-step';
import { deviceTrackers, swapDevice, telemetry, type Tracker } from './trackers';

/** The simulation runs on this long after the last rider finished, so trackers report at the finish, s. */
const AFTER_FINISH_SECONDS = 60;

/** One simulated second: the frames the relay sent, the truth, and what happened. */
export interface SimulationTick {
  /** Seconds since the official start. */
  readonly second: number;
  /** Epoch ms of this second. */
  readonly t: number;
  /** Frames the relay sent at the end of this second (empty without telemetry). */
  readonly frames: readonly WireFrame[];
  readonly truth: TruthSecond;
  readonly events: readonly TruthEvent[];
}

/** A stage being simulated: its header (known before the start) and its seconds, produced on demand. */
export interface StageSimulation {
  readonly header: TruthHeader;
  /** One tick per second; returns the summary when the last rider is in (or at `maxSeconds`). */
  readonly ticks: Generator<SimulationTick, TruthSummary, void>;
}

/**
 * Simulates a stage second by second: the real start list on the real route with physics, the day's race script,
 * the convoy, and the trackers' telemetry through the mesh. Pure and deterministic: no clock, no I/O, every random
 * draw from the seed. Nothing accumulates but results, so a 5-hour stage streams in constant memory.
 */
export function simulateStage(input: StageInput, options: SimulationOptions): StageSimulation {
  const { tour, stage, route } = input;
  const starters = options.riderLimit === undefined ? tour.riders : tour.riders.slice(0, options.riderLimit);
  const opts = resolveOptions(input, options, starters.length);
  const profiles = riderProfiles(starters, streamFor(opts.seed, 'riders'));
  const plan = planRace(stage, route.lengthMeters, opts.dynamics, streamFor(opts.seed, `plan-${stage.number}`));
  const riders = initialRiders(profiles, tour, stage, opts.dynamics.timeTrialIntervalSeconds);
  const vehicles = placeVehicles(tour.vehicles);
  const trackers = deviceTrackers(tour, riders, vehicles, opts.startMs);
  const tunnels = placeTunnels(opts.faults, route.lengthMeters, streamFor(opts.seed, `tunnels-${stage.number}`));
  const header: TruthHeader = {
    type: 'header',
    tour: tour.id,
    stage: stage.number,
    seed: opts.seed,
    faultProfile: opts.faultProfileName,
    startMs: opts.startMs,
    routeLengthKm: round(route.lengthMeters / 1_000, 1e3),
    timeTrial: plan.timeTrial,
    riders: riders.map((r) => ({
      bib: r.profile.bib,
      name: r.profile.name,
      team: r.profile.team,
      role: r.profile.role,
      devices: trackers.filter((t) => t.owner.kind === 'rider' && t.owner.rider === r).map((t) => t.device),
    })),
    vehicles: vehicles.map((v) => ({
      id: v.config.id,
      kind: v.config.kind,
      device: trackers.find((t) => t.owner.kind === 'vehicle' && t.owner.vehicle === v)?.device ?? null,
    })),
    plan,
    tunnels,
  };
  return { header, ticks: run(input, opts, plan, riders, vehicles, trackers, tunnels) };
}

function* run(
  input: StageInput,
  opts: ReturnType<typeof resolveOptions>,
  plan: RacePlan,
  riders: RiderState[],
  vehicles: VehicleState[],
  trackers: Tracker[],
  tunnels: ReturnType<typeof placeTunnels>,
): Generator<SimulationTick, TruthSummary, void> {
  const { stage, route } = input;
  const length = route.lengthMeters;
  const counts: FaultCounts = emptyFaultCounts();
  const fleet = new TrackerFleet(
    opts.faults,
    streamFor(opts.seed, `trackers-${stage.number}`),
    route,
    opts.startMs,
    stage.expectedDurationMinutes * 60,
    tunnels,
    counts,
  );
  const mesh = new MeshRelay(
    opts.faults,
    streamFor(opts.seed, `mesh-${stage.number}`),
    opts.gateway,
    opts.startMs,
    counts,
  );
  const raceRng = streamFor(opts.seed, `race-${stage.number}`);
  const ids = new GroupIds();
  const script = new RaceScript(plan, opts.dynamics, raceRng, ids, length);
  const passages = new PassageRecorder(passageLines(stage, route), riders.length);
  const summitFinish = hasSummitFinish(route);
  const timeTrialSeconds = length / 13.5;
  const groups: Group[] = plan.timeTrial ? [] : [formGroup(ids, riders.slice(), 'peloton', 0, 0)];
  const previous = new Float64Array(riders.length);
  const finished: RiderState[] = [];
  const grupettos = new Set<number>();
  let lastFinishSecond = Infinity;
  let second = 0;

  for (; second < opts.maxSeconds; second++) {
    const tMs = opts.startMs + second * 1_000;
    const events: TruthEvent[] = [];
    riders.forEach((r, i) => (previous[i] = r.distanceMeters));
    startAndRestart(riders, groups, ids, second, plan.timeTrial);
    const main = largestGroup(groups);
    const bikeChanges: BikeChange[] = [];
    events.push(...script.apply(second, tMs, groups, main, bikeChanges));
    for (const change of bikeChanges) events.push(...swapDevice(change.rider, trackers, vehicles, tMs));

    const breakaway = groups.find((g) => g.kind === 'breakaway') ?? null;
    for (let g = 0, n = groups.length; g < n; g++) {
      const group = groups[g] as Group;
      if (group.members.length === 0) continue;
      const profile = profileAtDistance(route, Math.min(group.headMeters, length));
      group.gradientPercent = profile.gradientPercent;
      const chasing = group === main && breakaway !== null && plan.breakaway !== null && group.kind === 'peloton';
      const pace = paceWPerKg(
        group,
        {
          second,
          gradientPercent: profile.gradientPercent,
          kmToGo: (length - group.headMeters) / 1_000,
          breakawayGapSeconds: chasing ? (breakaway.headMeters - group.headMeters) / Math.max(group.speedMs, 5) : null,
          targetGapSeconds: chasing && plan.breakaway ? targetGapSeconds(plan.breakaway, group.headMeters) : null,
          timeTrialSeconds,
          summitFinish,
          gapBehindSeconds: gapBehind(groups, group),
        },
        opts.dynamics,
      );
      if (
        !group.sprinting &&
        !plan.timeTrial &&
        !summitFinish &&
        length - group.headMeters <= opts.dynamics.sprintMeters
      ) {
        group.sprinting = group.members.length > 1;
      }
      const convoyShelter =
        !plan.timeTrial && main !== null && group !== main && group.members.length <= 3 && inConvoy(group, main);
      const dropped = rideOneSecond(
        group,
        {
          paceWPerKg: pace,
          gradientPercent: profile.gradientPercent,
          drafting: !plan.timeTrial,
          timeTrial: plan.timeTrial,
          convoyShelter,
        },
        raceRng,
      );
      if (dropped.length > 0) {
        dropped.forEach((r) => (r.wPrimeJoules = Math.max(0, r.wPrimeJoules)));
        groups.push(
          formGroup(ids, dropped, dropped.length >= 8 ? 'grupetto' : 'dropped', second, group.speedMs * 0.97),
        );
      }
    }

    const crossing: RiderState[] = [];
    for (const r of riders) {
      if (r.status !== 'racing') continue;
      const from = previous[r.index] ?? 0;
      passages.record(r, from, Math.min(r.distanceMeters, length), tMs);
      if (r.distanceMeters >= length) {
        finishRider(r, from, second, length, groups);
        crossing.push(r);
      }
    }
    events.push(...finishEvents(crossing, finished, opts.startMs));
    events.push(...passages.completed());
    removeEmptyGroups(groups);
    if (!plan.timeTrial) events.push(...regroupEvents(groups, second, tMs, grupettos));

    const onRoad = riders.filter((r) => r.status === 'racing' || r.status === 'stopped');
    moveVehicles(vehicles, raceExtent(onRoad, groups), length);
    let frames = opts.telemetry ? telemetry(trackers, fleet, mesh, route, second) : [];
    if (onRoad.length === 0 && lastFinishSecond === Infinity && finished.length === riders.length)
      lastFinishSecond = second;
    const last = second + 1 >= opts.maxSeconds || second >= lastFinishSecond + AFTER_FINISH_SECONDS;
    if (last) {
      if (opts.telemetry) frames = frames.concat(mesh.drain(second));
      events.push(...passages.remaining());
    }
    yield { second, t: tMs, frames, truth: truthSecond(tMs, riders, groups, vehicles), events };
    if (last) break;
  }
  return summary(riders, finished, second + 1, plan, counts, mesh.framesSent, opts.startMs, fleet.faults);
}

/** True when a group rides behind the peloton, close enough to be among its team cars. */
function inConvoy(group: Group, main: Group): boolean {
  const behind = groupTailMeters(main) - group.headMeters;
  return behind > 0 && behind < CONVOY_LENGTH_METERS;
}

/** Time from the back of `group` to the front of the nearest group behind it, s, or null (groups are unsorted). */
function gapBehind(groups: readonly Group[], group: Group): number | null {
  const tail = groupTailMeters(group);
  let nearest = -Infinity;
  for (const g of groups) {
    if (g !== group && g.members.length > 0 && g.headMeters <= tail && g.headMeters > nearest) nearest = g.headMeters;
  }
  return nearest === -Infinity ? null : (tail - nearest) / Math.max(group.speedMs, 1);
}
