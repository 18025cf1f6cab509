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
