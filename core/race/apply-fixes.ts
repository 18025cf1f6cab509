import { ownerAt, type DeviceDirectory, type DeviceOwner } from './device-owners';
import { isStationary, smoothedProgress, SPEED_WINDOW_MS, samplesWithin } from './motion';
import { isDuplicate, newDeviceTrack, remember, skewOf, workingDevice, type WorkingDevice } from './device-tracks';
import { finishTime } from './finish-time';
import { sortedFixes } from './fix-order';
import { PassageBoard } from './passage-board';
import type { RaceFix, RaceState, RiderLiveState } from './race-state';
import type { PreparedRoute, RouteMatch } from './route/types';
import { matchNear } from './match-near';
import { recordTimeTrialMove } from './time-checks';
import { newRider, workingRider, type WorkingRider } from './working-rider';

/** Fastest plausible rider, m/s (120 km/h): faster progress is a teleport (DESIGN §9, physics plausibility). */
export const MAX_RIDER_SPEED_METERS_PER_SECOND = 120 / 3.6;
/** Largest change of a rider's speed along the route, m/s² (a sprinter's jump, a hard brake before a crash). */
export const MAX_RIDER_ACCELERATION_METERS_PER_SECOND_SQUARED = 3;
/** GPS error allowed on top of the speed limit between two fixes, m (both fixes can be off by ~2 sigma). */
export const PLAUSIBILITY_SLACK_METERS = 40;
/**
 * A match this close to the end of the route counts as across the finish line, m: matches clamp at the end, and a
 * rider standing past the line with 5 m GPS noise may never match within a metre of it.
 */
export const FINISH_TOLERANCE_METERS = 20;
/** After this many impossible fixes in a row the engine trusts the device again (the earlier fix was wrong). */
export const MAX_IMPOSSIBLE_STREAK = 5;
/** A tracker that first reports within this time of a fix and near its rider is a bike change, ms. */
export const SWITCH_ON_WINDOW_MS = 30_000;
/** The active device silent for this long lets another device of the rider take over, ms. */
export const ACTIVE_SILENCE_MS = 15_000;
/** A device further than this from its rider's position (plus what the rider could ride) is not on the rider, m. */
export const SWITCH_REACH_METERS = 200;

/** Why a fix was kept out of live state; a closed union so it can be counted (STYLE.md: Errors). */
export type FixRejectReason = 'duplicate' | 'unknown-device' | 'impossible-speed' | 'off-route' | 'inactive-device';

/** A fix kept out of live state and history, with its reason. */
export interface FixReject {
  readonly fix: RaceFix;
  readonly reason: FixRejectReason;
}

/** A fix for history: its owner and match; `live` when it moved the owner's live state. */
export interface AcceptedFix {
  readonly fix: RaceFix;
  readonly owner: DeviceOwner;
  /** Distance along the route in metres, or undefined for vehicles (not matched). */
  readonly distanceMeters: number | undefined;
  /** True when the fix updated live state; false for out-of-order (history only) and vehicle fixes. */
  readonly live: boolean;
  /** Fix time corrected for the tracker's clock skew, epoch ms (`fix.t` when no skew is known). */
  readonly tMs: number;
}

/** What `applyFixes` needs besides the state: the stage route and who carries which device. */
export interface ApplyFixesContext {
  readonly route: PreparedRoute;
  readonly directory: DeviceDirectory;
  /** A time trial: each rider keeps his own start and time checks (`time-checks.ts`). @default false */
  readonly timeTrial?: boolean;
}

/** The outcome of `applyFixes`: the new state, fixes for history, and refused fixes with reasons. */
export interface ApplyFixesResult {
  readonly state: RaceState;
  readonly accepted: readonly AcceptedFix[];
  readonly rejects: readonly FixReject[];
}

/**
 * Applies a batch of fixes to the stage state; pure (the input state is not changed). The batch is processed in
 * (t, device, seq) order, so the arrival order inside a batch never matters, and a fix already seen is a
 * `duplicate`, so applying a batch twice equals applying it once. A fix older than its device's newest is
 * accepted for history but never moves live state backwards. Each rider follows one active device: a spare that
 * switches on next to its rider, or any device of the rider when the active one has gone silent, takes over; the
 * others (a race bike on the team car's roof) are refused as `inactive-device`, so nothing is counted twice.
 */
export function applyFixes(state: RaceState, fixes: readonly RaceFix[], context: ApplyFixesContext): ApplyFixesResult {
  const sorted = sortedFixes(fixes, context.directory.rankOf);
  const riders = new Map<number, WorkingRider>();
  const devices = new Map<string, WorkingDevice>();
  const passages = new PassageBoard(
    {
      earliest: state.headPassagesMs,
      second: state.secondPassagesMs ?? emptyMarks(state.headPassagesMs.length),
      third: state.thirdPassagesMs ?? emptyMarks(state.headPassagesMs.length),
    },
    state.passageStepMeters,
  );
  const accepted: AcceptedFix[] = [];
  const rejects: FixReject[] = [];
  const work: Work = { state, context, riders, devices, passages, accepted, rejects };
  for (const fix of sorted) applyOne(work, fix);
  if (riders.size === 0 && devices.size === 0) return { state, accepted, rejects };
  const marks = passages.arrays();
  return {
    state: {
      riders: mergedRiders(state.riders, riders),
      devices: merged(state.devices, devices),
      passageStepMeters: state.passageStepMeters,
      headPassagesMs: marks.earliest,
      secondPassagesMs: marks.second,
      thirdPassagesMs: marks.third,
    },
    accepted,
    rejects,
  };
}

const emptyMarks = (count: number): number[] => new Array<number>(count).fill(Number.NaN);

/** Returns a new record: `base` with the entries of `changes` replacing or added. */
function merged<T>(base: Readonly<Record<string, T>>, changes: ReadonlyMap<string, T>): Record<string, T> {
  const out: Record<string, T> = { ...base };
  for (const [key, value] of changes) out[key] = value;
  return out;
}

/** Returns new rider records: `base` with the riders of `changes` (keyed by bib) replacing or added. */
function mergedRiders(
  base: Readonly<Record<string, RiderLiveState>>,
  changes: ReadonlyMap<number, RiderLiveState>,
): Record<string, RiderLiveState> {
  const out: Record<string, RiderLiveState> = { ...base };
  for (const [bib, rider] of changes) out[bib] = rider;
  return out;
}

interface Work {
  readonly state: RaceState;
  readonly context: ApplyFixesContext;
  readonly riders: Map<number, WorkingRider>;
  readonly devices: Map<string, WorkingDevice>;
  readonly passages: PassageBoard;
  readonly accepted: AcceptedFix[];
  readonly rejects: FixReject[];
}

function applyOne(work: Work, fix: RaceFix): void {
  const owner = ownerAt(work.context.directory, fix.device, fix.t);
  if (owner === undefined) {
    work.rejects.push({ fix, reason: 'unknown-device' });
    return;
  }
  const device = deviceFor(work, fix);
  if (isDuplicate(device, fix)) {
    work.rejects.push({ fix, reason: 'duplicate' });
    return;
  }
  remember(device, fix);
  const tMs = fix.t + skewOf(device);
  if (owner.kind === 'vehicle') {
    device.newestTMs = Math.max(device.newestTMs, fix.t);
    work.accepted.push({ fix, owner, distanceMeters: undefined, live: false, tMs });
    return;
  }
  const rider = riderFor(work, owner.bib);
  const match = matchNear(work.context.route, fix, tMs, rider, device);
  if (fix.t <= device.newestTMs) {
    work.accepted.push({ fix, owner, distanceMeters: match.distanceMeters, live: false, tMs });
    return;
  }
  device.newestTMs = fix.t;
  device.distanceMeters = match.distanceMeters;
  if (rider === undefined) {
    if (match.isOffRoute) {
      work.rejects.push({ fix, reason: 'off-route' });
      return;
    }
    work.riders.set(owner.bib, newRider(owner.bib, fix, tMs, match));
    work.accepted.push({ fix, owner, distanceMeters: match.distanceMeters, live: true, tMs });
    return;
  }
  if (rider.activeDevice !== fix.device && !takesOver(work, rider, device, tMs, match)) {
    rider.otherDeviceTMs = Math.max(rider.otherDeviceTMs ?? 0, tMs);
    work.rejects.push({ fix, reason: 'inactive-device' });
    return;
  }
  updateLive(work, rider, fix, tMs, match, owner);
}

function deviceFor(work: Work, fix: RaceFix): WorkingDevice {
  let device = work.devices.get(fix.device);
  if (device !== undefined) return device;
  const stored = work.state.devices[fix.device];
  device = stored ? workingDevice(stored) : newDeviceTrack(fix);
  work.devices.set(fix.device, device);
  return device;
}

function riderFor(work: Work, bib: number): WorkingRider | undefined {
  let rider = work.riders.get(bib);
  if (rider !== undefined) return rider;
  const stored = work.state.riders[bib];
  if (stored === undefined) return undefined;
  rider = workingRider(stored);
  work.riders.set(bib, rider);
  return rider;
}

/** Decides whether another device of the rider becomes the active one (a bike change), and switches it. */
function takesOver(work: Work, rider: WorkingRider, device: WorkingDevice, tMs: number, match: RouteMatch): boolean {
  if (match.isOffRoute) return false;
  const active = work.devices.get(rider.activeDevice) ?? work.state.devices[rider.activeDevice];
  const elapsedMs = Math.abs(tMs - rider.tMs);
  const reach = SWITCH_REACH_METERS + (MAX_RIDER_SPEED_METERS_PER_SECOND * elapsedMs) / 1_000;
  if (Math.abs(match.distanceMeters - rider.distanceMeters) > reach) return false;
  if (device.device === rider.previousDevice && !whereRiderShouldBe(rider, match, elapsedMs)) return false;
  const switchedOn =
    active !== undefined &&
    device.firstTMs > active.firstTMs &&
    device.newestTMs - device.firstTMs <= SWITCH_ON_WINDOW_MS;
  const activeSilent = tMs - rider.tMs >= ACTIVE_SILENCE_MS;
  if (!switchedOn && !activeSilent) return false;
  rider.previousDevice = rider.activeDevice;
  rider.activeDevice = device.device;
  rider.lastSwitchTMs = tMs;
  rider.impossibleStreak = 0;
  // The old tracker's clock time: the new one's first fix is timed on corrected times, not across two clocks.
  rider.trackerTMs = undefined;
  return true;
}

/** Share of the rider's speed by which their pace may change while the active tracker is silent. */
export const SWITCH_PACE_SLACK = 0.3;

/**
 * How far from where the rider should be the previous device (the old bike) may report and still take back over, m.
 * The team car with the old bike rides 100-300 m behind the rider; the full `SWITCH_REACH_METERS` would let it take
 * over on a short dropout of the spare, and the engine follow the car to the finish (accuracy runs, stage 17).
 */
export const PREVIOUS_DEVICE_REACH_METERS = 50;

/**
 * True when a match is where the rider would be after `elapsedMs` at their current speed (±
 * `PREVIOUS_DEVICE_REACH_METERS` and `SWITCH_PACE_SLACK`). The old bike on a team car ~1 km behind is within reach of
 * a rider riding through a tunnel, but not where the rider is: following it loses the rider for the rest of the stage
 * (the simulated leader of a time trial, in the accuracy runs).
 */
function whereRiderShouldBe(rider: WorkingRider, match: RouteMatch, elapsedMs: number): boolean {
  const ridden = (rider.speedMetersPerSecond * elapsedMs) / 1_000;
  return (
    Math.abs(match.distanceMeters - (rider.distanceMeters + ridden)) <=
    PREVIOUS_DEVICE_REACH_METERS + SWITCH_PACE_SLACK * ridden
  );
}

function updateLive(
  work: Work,
  rider: WorkingRider,
  fix: RaceFix,
  tMs: number,
  match: RouteMatch,
  owner: DeviceOwner,
): void {
  if (rider.finishTMs !== undefined || tMs <= rider.tMs) {
    work.accepted.push({ fix, owner, distanceMeters: match.distanceMeters, live: false, tMs });
    return;
  }
  if (match.isOffRoute) {
    work.rejects.push({ fix, reason: 'off-route' });
    return;
  }
  const route = work.context.route;
  // On one device's clock the elapsed time is exact; the corrected times jump when the skew estimate moves.
  const sameClock = fix.device === rider.activeDevice && rider.trackerTMs !== undefined;
  const elapsedSeconds = (sameClock ? fix.t - rider.trackerTMs! : tMs - rider.tMs) / 1_000;
  const limit = MAX_RIDER_SPEED_METERS_PER_SECOND * elapsedSeconds + PLAUSIBILITY_SLACK_METERS;
  const along = Math.abs(match.distanceMeters - rider.distanceMeters);
  // Progress must also follow the rider's own speed: the race bike's tracker thrown onto a team car 60 m away
  // is within the speed limit for a second, not within what the rider could have done.
  const expected = rider.distanceMeters + rider.speedMetersPerSecond * elapsedSeconds;
  const surprise = Math.abs(match.distanceMeters - expected);
  const surpriseLimit =
    PLAUSIBILITY_SLACK_METERS + 0.5 * MAX_RIDER_ACCELERATION_METERS_PER_SECOND_SQUARED * elapsedSeconds ** 2;
  const straight = route.ruler.distance([rider.lon, rider.lat], [fix.lon, fix.lat]);
  const plausible = along <= limit && straight <= limit && surprise <= surpriseLimit;
  if (!plausible && rider.impossibleStreak + 1 < MAX_IMPOSSIBLE_STREAK) {
    rider.impossibleStreak++;
    work.rejects.push({ fix, reason: 'impossible-speed' });
    return;
  }
  const kept = plausible ? rider.samples : [];
  rider.impossibleStreak = 0;
  const fromMeters = rider.distanceMeters;
  const fromTMs = rider.tMs;
  rider.samples = samplesWithin(kept, { tMs, distanceMeters: match.distanceMeters }, SPEED_WINDOW_MS);
  // Live distance is the raw match: a fitted line lags an attack or a sprint, and 5 m GPS noise is correlated
  // over ~10 s, so smoothing buys little accuracy there; speed is smoothed.
  const progress = smoothedProgress(rider.samples);
  let toMeters = Math.min(Math.max(match.distanceMeters, 0), route.lengthMeters);
  const finishMeters = route.lengthMeters - FINISH_TOLERANCE_METERS;
  if (match.distanceMeters >= finishMeters) {
    toMeters = route.lengthMeters;
    if (plausible && fromMeters < finishMeters)
      rider.finishTMs = finishTime(rider, fromMeters, fromTMs, route.lengthMeters, tMs);
  }
  if (plausible) work.passages.recordMove(fromMeters, fromTMs, toMeters, tMs);
  if (plausible && work.context.timeTrial === true) {
    const startDevice = rider.timeTrialDevice ?? fix.device;
    const startTrack = work.devices.get(startDevice) ?? work.state.devices[startDevice];
    const startSkewMs = startDevice === fix.device || startTrack === undefined ? undefined : skewOf(startTrack);
    recordTimeTrialMove(rider, { fix, tMs, fromMeters, fromTMs, toMeters, startSkewMs }, route.lengthMeters);
  }
  rider.tMs = tMs;
  rider.trackerTMs = fix.t;
  rider.distanceMeters = toMeters;
  rider.lat = fix.lat;
  rider.lon = fix.lon;
  rider.hdop = fix.hdop ?? 1;
  rider.speedMetersPerSecond = progress.speedMetersPerSecond;
  rider.stationary = isStationary(rider.samples, rider.speedMetersPerSecond);
  work.accepted.push({ fix, owner, distanceMeters: match.distanceMeters, live: true, tMs });
}
