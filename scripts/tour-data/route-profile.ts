/** What the tour builders need to know of a route: its length and its smoothed altitude along it. */
export interface RouteProfile {
  readonly lengthMeters: number;
  readonly altitudeAt: (distanceMeters: number) => number;
}
