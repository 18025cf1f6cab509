export { RouteInputError } from './route/errors';
export {
  AHEAD_MARGIN_METERS,
  DEFAULT_AHEAD_JUMP_COST_METERS,
  DEFAULT_AHEAD_METERS,
  DEFAULT_BEHIND_JUMP_COST,
  DEFAULT_BEHIND_METERS,
  DEFAULT_MAX_SPEED_METERS_PER_SECOND,
  DEFAULT_OFF_ROUTE_METERS,
  DEFAULT_PASSAGE_TOLERANCE_METERS,
  matchToRoute,
} from './route/match-to-route';
export { finishLinePassages } from './route/finish-line';
export { pointAtDistance } from './route/position';
export { DEFAULT_BLOCK_SEGMENTS, DEFAULT_PROFILE_STEP_METERS, prepareRoute } from './route/prepare-route';
export { profileAtDistance } from './route/profile';
export type {
  GeoPosition,
  MatchAmbiguity,
  MatchOptions,
  MatchSource,
  PreparedRoute,
  PrepareRouteOptions,
  ProfileSample,
  RouteMatch,
  RoutePoint,
} from './route/types';
export {
  ACTIVE_SILENCE_MS,
  applyFixes,
  FINISH_TOLERANCE_METERS,
  MAX_IMPOSSIBLE_STREAK,
  MAX_RIDER_ACCELERATION_METERS_PER_SECOND_SQUARED,
  MAX_RIDER_SPEED_METERS_PER_SECOND,
  PLAUSIBILITY_SLACK_METERS,
  SWITCH_ON_WINDOW_MS,
  SWITCH_PACE_SLACK,
  SWITCH_REACH_METERS,
} from './apply-fixes';
export type { AcceptedFix, ApplyFixesContext, ApplyFixesResult, FixReject, FixRejectReason } from './apply-fixes';
export { DEDUP_WINDOW, NOMINAL_DELAY_MS, SKEW_MIN_SAMPLES, SKEW_TOLERANCE_MS } from './device-tracks';
export { buildDeviceDirectory, deviceAssignmentsFromConfig, ownerAt } from './device-owners';
export type { DeviceAssignment, DeviceDirectory, DeviceOwner } from './device-owners';
export { buildGroups } from './groups';
export type { GroupKind, GroupOptions, RaceGroup, RiderOnRoad } from './groups';
export { FRONT_GROUP_METERS, frontGroupPassagesMs, headPassageMs, recordPassages } from './head-passages';
export { mergePassages, PassageBoard } from './passage-board';
export type { PassageArrays } from './passage-board';
export type { HeadPoint } from './head-passages';
export { isStationary, smoothedSpeed, SPEED_WINDOW_MS, STATIONARY_SPEED_METERS_PER_SECOND } from './motion';
export { createRaceState, DEFAULT_PASSAGE_STEP_METERS } from './race-state';
export type { DeviceTrack, ProgressSample, RaceFix, RaceState, RiderLiveState } from './race-state';
export { buildSnapshot, SNAPSHOT_VERSION } from './snapshot';
export { replayFixes, replayStageOf, snapshotAt, snapshotStageOf } from './replay-fixes';
export type { ReplayBatch, ReplayStage, ReplayStep, SnapshotStage } from './replay-fixes';
export {
  LAST_CHECK_BEFORE_FINISH_METERS,
  TIME_CHECK_STEP_METERS,
  TIME_TRIAL_START_METERS,
  timeTrialGaps,
} from './time-checks';
export type { TimeTrialGap } from './time-checks';
export type { SnapshotCore, SnapshotGroup, SnapshotInput, SnapshotRider, StageSnapshot } from './snapshot';
export { GAP_DRIFT_SECONDS_PER_SECOND, GPS_ERROR_METERS_PER_HDOP, headOfRace, riderGaps } from './time-gaps';
export type { RiderGap } from './time-gaps';
export { trackerHealth } from './tracker-health';
export type { TrackerHealth, TrackerHealthOptions, TrackerStatus } from './tracker-health';
export { finishBonuses, virtualGc } from './virtual-gc';
export type { GcStanding, StageProgress, VirtualGcEntry } from './virtual-gc';
export { FLAMME_ROUGE_METERS, raceEvents } from './race-events';
export type { RaceEvent, RaceEventKind, RiderName } from './race-events';
export { DETECTOR_STATE_VERSION, EMPTY_DETECTOR_STATE } from './events/detector-state';
export type { DetectorState } from './events/detector-state';
export { LINE_PODIUM, passageLinesOf } from './events/line-passages';
export type { PassageLine } from './events/line-passages';
export { catchKmToGo, catchProbability } from './predictions/catch-model';
export type { CatchSituation } from './predictions/catch-model';
export { predictGroups } from './predictions/group-predictions';
export type { GroupPrediction } from './predictions/group-predictions';
export { climbMetersAhead, paceSecondsPerKm, secondsToFinish } from './predictions/terrain';
